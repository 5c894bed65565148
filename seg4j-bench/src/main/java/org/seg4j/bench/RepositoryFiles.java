package org.seg4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.seg4j.BadInputException;

/**
 * Finds a file of the seg4j repository a benchmark needs (a reference script, a config, a bundled model): under the
 * working directory or its nearest parent that has it, else under {@code seg4j.home} (set by the {@code ./seg4j}
 * launcher to the repository root).
 */
final class RepositoryFiles {
    private RepositoryFiles() {
    }

    /** The absolute path of {@code relative} (a file or a folder), or null when no candidate root holds it. */
    static Path find(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        String home = System.getProperty("seg4j.home");
        if (home != null && Files.exists(Path.of(home).resolve(relative))) {
            return Path.of(home).resolve(relative).toAbsolutePath();
        }
        return null;
    }

    /**
     * The file a benchmark's {@code -P key=FILE} names, else the repository's {@code bundled} file.
     *
     * @throws BadInputException when the parameter is absent and the bundled file cannot be found
     */
    static Path param(BenchOptions options, String key, String bundled) {
        String given = options.param(key, null);
        if (given != null) {
            return Path.of(given);
        }
        Path found = find(bundled);
        if (found == null) {
            throw new BadInputException(null, "-P " + key + "=FILE is needed: the bundled " + bundled
                    + " was not found");
        }
        return found;
    }
}

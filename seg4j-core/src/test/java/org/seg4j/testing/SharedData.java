package org.seg4j.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the real data sets in {@code ../shared/data} beside the checkout. Tests that need them skip (a JUnit
 * assumption) when they are absent, so a user's fresh clone still passes.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The folder of a shared data set, or skips the calling test if it is not there. */
    public static Path require(String name) {
        Path dir = root().resolve(name);
        assumeTrue(Files.isDirectory(dir), "shared data set not available: " + dir);
        return dir;
    }

    public static Path root() {
        String prop = System.getProperty("seg4j.shared.data");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        return repoRoot().resolve("../shared/data").normalize();
    }

    /** The repository root (the directory holding the parent pom). */
    public static Path repoRoot() {
        String prop = System.getProperty("seg4j.repo.root");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("seg4j-core"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the seg4j repository root from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}

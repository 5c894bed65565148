package org.seg4j.data;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.seg4j.BadInputException;

/**
 * Checks the file names a data set's own files give (ids in list files, {@code file_name} in COCO JSON), so that a
 * hostile data set cannot make seg4j read outside its folder, nor name an output file outside an output folder. The
 * check is on the names as written ({@code ..} and absolute paths are refused); symbolic links inside the data set
 * folder are followed, as a user may link images in from elsewhere.
 */
public final class DatasetPaths {
    private DatasetPaths() {
    }

    /**
     * {@code root.resolve(name)}, checked to stay inside {@code root}.
     *
     * @param source the file that gave the name, for the error message
     * @param what what the name is, e.g. {@code "images[3]: file_name"}
     * @throws BadInputException if the name is empty, absolute, or leads out of {@code root} through {@code ..}
     */
    public static Path inside(Path root, String name, Path source, String what) {
        Path relative = parse(name, source, what);
        if (relative.isAbsolute() || name.startsWith("/") || name.startsWith("\\")) {
            throw new BadInputException(source, what + " '" + name + "' is an absolute path; a data set names its "
                    + "files relative to its folder " + root);
        }
        Path base = root.toAbsolutePath().normalize();
        if (!base.resolve(relative).normalize().startsWith(base)) {
            throw new BadInputException(source, what + " '" + name + "' leads outside the data set folder " + root);
        }
        return root.resolve(relative);
    }

    /**
     * Checks that {@code name} is a plain file name (a sample id): no folder separators, not {@code .} or {@code ..}.
     *
     * @throws BadInputException naming the source file and the offending name
     */
    public static String requirePlainName(String name, Path source, String what) {
        parse(name, source, what);
        if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw new BadInputException(source, what + " '" + name + "' must be a plain name, without folders");
        }
        return name;
    }

    private static Path parse(String name, Path source, String what) {
        if (name.isEmpty()) {
            throw new BadInputException(source, what + " is empty");
        }
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new BadInputException(source, what + " '" + name + "' is not a valid path: " + e.getReason());
        }
    }
}

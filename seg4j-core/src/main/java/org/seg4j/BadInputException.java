package org.seg4j;

import java.nio.file.Path;

/**
 * Input that seg4j cannot use: a missing, corrupt or inconsistent file. The message always names the file and the
 * problem, so a user can fix the data without reading a stack trace.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final String problem;

    public BadInputException(Path file, String problem) {
        this(file, problem, null);
    }

    public BadInputException(Path file, String problem, Throwable cause) {
        super((file == null ? "" : file + ": ") + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The offending file, or null when the input was not a file (e.g. a command-line value). */
    public Path file() {
        return file;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}

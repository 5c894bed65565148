package org.seg4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Python script, bundled as a class-path resource next to a benchmark or a file of the repository's
 * {@code tools/bench}, run as a subprocess by an interpreter (normally {@code /usr/bin/python3}) to time the PyTorch
 * reference in the same run, under {@link ReferenceProcess}'s protocol: the script prints its results on standard
 * output, one per line; when it cannot run (torch missing, a reference definition missing) it prints
 * {@code error MESSAGE} as its last line and exits with a non-zero status.
 */
final class PythonScript {
    private final String python;
    private final String resource;
    private final Path file;

    /**
     * @param python the interpreter's path
     * @param resource the script's resource name, relative to this package
     */
    PythonScript(String python, String resource) {
        this(python, resource, null);
    }

    private PythonScript(String python, String resource, Path file) {
        this.python = python;
        this.resource = resource;
        this.file = file;
    }

    /** A script file run where it is (so it can import the modules beside it). */
    static PythonScript file(String python, Path file) {
        return new PythonScript(python, null, file);
    }

    /** The interpreter's path. */
    String python() {
        return python;
    }

    /** Runs the script with the given arguments; never throws for a missing interpreter or a failing script. */
    ReferenceProcess.Result run(Duration timeout, List<String> arguments) {
        if (!Files.isExecutable(Path.of(python))) {
            return new ReferenceProcess.Result(List.of(), python + " not found");
        }
        if (file != null && !Files.isRegularFile(file)) {
            return new ReferenceProcess.Result(List.of(), file + " not found");
        }
        Path script = null;
        try {
            if (file == null) {
                script = Files.createTempFile("seg4j-bench", ".py");
                try (InputStream in = PythonScript.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("resource " + resource + " is missing from the class path");
                    }
                    Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            List<String> command = new ArrayList<>(List.of(python, file != null ? file.toString()
                    : script.toString()));
            command.addAll(arguments);
            return ReferenceProcess.run(command, timeout);
        } catch (IOException e) {
            return new ReferenceProcess.Result(List.of(), e.getMessage());
        } finally {
            ReferenceProcess.deleteQuietly(script);
        }
    }
}

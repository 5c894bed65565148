package org.seg4j.cli.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Python script, bundled as a class-path resource next to a benchmark or a file of the repository's
 * {@code tools/bench}, run as a subprocess by an interpreter (normally {@code /usr/bin/python3}) to time the PyTorch
 * reference in the same run. The protocol: the script prints its results on standard output, one per line; when it
 * cannot run (torch missing, a reference definition missing) it prints {@code error MESSAGE} as its last line and
 * exits with a non-zero status.
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

    /**
     * What one run printed, or why it failed.
     *
     * @param lines standard output and error, interleaved, one entry per line
     * @param failure null on success; otherwise a one-line reason (the script's {@code error} message, its last line,
     *     the missing interpreter, or the timeout)
     */
    record Result(List<String> lines, String failure) {
        boolean ok() {
            return failure == null;
        }

        /** The fields of the first line that starts with {@code key} and a space, without the key; null if none. */
        String[] fields(String key) {
            for (String line : lines) {
                String[] f = line.trim().split(" +");
                if (f.length > 1 && f[0].equals(key)) {
                    return Arrays.copyOfRange(f, 1, f.length);
                }
            }
            return null;
        }
    }

    /** Runs the script with the given arguments; never throws for a missing interpreter or a failing script. */
    Result run(Duration timeout, List<String> arguments) {
        if (!Files.isExecutable(Path.of(python))) {
            return new Result(List.of(), python + " not found");
        }
        if (file != null && !Files.isRegularFile(file)) {
            return new Result(List.of(), file + " not found");
        }
        Path script = null;
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("seg4j-bench", ".out");
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
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Result(Files.readAllLines(output, StandardCharsets.UTF_8),
                        "timed out after " + timeout.toMinutes() + " min");
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                return new Result(lines, lines.isEmpty() ? python + " exited with status " + process.exitValue()
                        : lines.get(lines.size() - 1).replaceFirst("^error ", ""));
            }
            return new Result(lines, null);
        } catch (IOException e) {
            return new Result(List.of(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(List.of(), "interrupted");
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            deleteQuietly(script);
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }
    }
}

package org.seg4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A reference implementation (a PyTorch script, a compiled C++ program) run as a subprocess so that a benchmark
 * times it in the same run as seg4j. The protocol: the program prints its results on standard output, one per line,
 * as a key followed by values; when it cannot run it exits with a non-zero status, its last line saying why
 * (optionally as {@code error MESSAGE}).
 */
final class ReferenceProcess {
    private ReferenceProcess() {
    }

    /**
     * What one run printed, or why it failed.
     *
     * @param lines standard output and error, interleaved, one entry per line
     * @param failure null on success; otherwise a one-line reason (the program's {@code error} message, its last
     *     line, a program that could not start, or the timeout)
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

    /** Runs {@code command}; never throws for a program that is missing, fails or times out. */
    static Result run(List<String> command, Duration timeout) {
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("seg4j-bench", ".out");
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Result(Files.readAllLines(output, StandardCharsets.UTF_8),
                        "timed out after " + timeout.toMinutes() + " min");
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                return new Result(lines, lines.isEmpty() ? command.get(0) + " exited with status "
                        + process.exitValue() : lines.get(lines.size() - 1).replaceFirst("^error ", ""));
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
            deleteQuietly(output);
        }
    }

    static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }
    }
}

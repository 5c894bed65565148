package org.seg4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.seg4j.BadInputException;

/**
 * Runs one parser of untrusted input on one fuzzed file and fails unless it either succeeds or refuses the file with
 * a {@link BadInputException}. Also a failure: any other exception or error (a stack trace for the user), taking more
 * than {@value #TIMEOUT_SECONDS} s (a hang), or allocating more than {@value #MAX_ALLOCATED_BYTES} bytes on the
 * parsing thread (memory that input this small does not justify; the harness caps images at
 * {@value #MAX_IMAGE_PIXELS} pixels through {@code seg4j.maxImagePixels}, so a header may legitimately claim at most
 * that much).
 */
public final class Fuzz {
    /** The longest a parse may take. */
    public static final long TIMEOUT_SECONDS = 10;
    /** The most a parse may allocate: 256 MiB. */
    public static final long MAX_ALLOCATED_BYTES = 256L << 20;
    /** The image limit in force while fuzzing: 2^22 pixels, 12 MiB as RGB bytes. */
    public static final long MAX_IMAGE_PIXELS = 1L << 22;

    /** A parser of a file. */
    public interface Parser {
        void parse(Path file) throws Exception;
    }

    private Fuzz() {
    }

    /** Sets the harness's image limit (call once before fuzzing). */
    public static void limitImages() {
        System.setProperty("seg4j.maxImagePixels", String.valueOf(MAX_IMAGE_PIXELS));
    }

    /**
     * Writes {@code input} to {@code file} and parses it on a fresh thread.
     *
     * @throws AssertionError describing the failure
     */
    public static void check(byte[] input, Path file, Parser parser) {
        try {
            Files.write(file, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] allocated = new long[1];
        FutureTask<Void> task = new FutureTask<>(() -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            try {
                parser.parse(file);
            } finally {
                allocated[0] = threads.getCurrentThreadAllocatedBytes() - before;
            }
            return null;
        });
        Thread worker = new Thread(task, "fuzz-" + file.getFileName());
        worker.setDaemon(true);
        worker.start();
        try {
            task.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            throw new AssertionError("parse of " + input.length + " bytes took over " + TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof BadInputException)) {
                throw new AssertionError("parse of " + input.length + " bytes threw " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (allocated[0] > MAX_ALLOCATED_BYTES) {
            throw new AssertionError("parse of " + input.length + " bytes allocated " + allocated[0] + " bytes");
        }
    }

    /** The bytes of a repository file. */
    public static byte[] repositoryFile(String path) {
        try {
            return Files.readAllBytes(SharedData.repoRoot().resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

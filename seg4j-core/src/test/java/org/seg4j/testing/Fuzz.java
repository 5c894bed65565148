package org.seg4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.seg4j.BadInputException;

/**
 * Runs a parser of untrusted input on fuzzed files ({@link Mutation}s of real files) and fails unless every parse
 * either succeeds or refuses the file with a {@link BadInputException}. Also a failure: any other exception or error
 * (a stack trace for the user), taking more than {@value #TIMEOUT_SECONDS} s (a hang), or allocating more than
 * {@value #MAX_ALLOCATED_BYTES} bytes on the parsing thread (memory that input this small does not justify; the
 * harness caps images at {@value #MAX_IMAGE_PIXELS} pixels through {@code seg4j.maxImagePixels}, so a header may
 * legitimately claim at most that much).
 */
public final class Fuzz {
    /** The system property that sets the executions per parser; {@value #DEFAULT_RUNS} in the normal build. */
    public static final String RUNS_PROPERTY = "seg4j.fuzz.runs";
    /** Executions per parser in the normal build. */
    public static final int DEFAULT_RUNS = 500;
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

    /** Executions per parser: the system property {@value #RUNS_PROPERTY}, or {@value #DEFAULT_RUNS}. */
    public static int runs() {
        return Integer.getInteger(RUNS_PROPERTY, DEFAULT_RUNS);
    }

    /**
     * Parses {@link #runs()} mutations of {@code seeds} drawn from {@code fixedSeed}, each written to {@code file},
     * and prints the executions and the time taken.
     *
     * @param name the parser's name, for the report
     * @param png whether the seeds are PNG files (half of the mutations then get their CRCs repaired)
     * @throws AssertionError naming the run and the {@link Mutation} that reproduces the first failure
     */
    public static void run(String name, long fixedSeed, List<byte[]> seeds, boolean png, Path file, Parser parser) {
        run(name, fixedSeed, seeds.size(), png, m -> m.apply(seeds), file, parser);
    }

    /** {@link #run(String, long, List, boolean, Path, Parser)} with the file's bytes built from each mutation. */
    public static void run(String name, long fixedSeed, int seedFiles, boolean png, Function<Mutation, byte[]> input,
            Path file, Parser parser) {
        List<Mutation> mutations = Mutation.draw(fixedSeed, runs(), seedFiles, png);
        long start = System.nanoTime();
        for (int i = 0; i < mutations.size(); i++) {
            try {
                check(input.apply(mutations.get(i)), file, parser);
            } catch (AssertionError e) {
                throw new AssertionError(name + ", run " + i + " of " + mutations.size() + ", " + mutations.get(i)
                        + ": " + e.getMessage(), e.getCause());
            }
        }
        System.out.printf(Locale.ROOT, "fuzz %s: %d executions, 0 failures, %.1f s%n", name, mutations.size(),
                (System.nanoTime() - start) / 1e9);
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

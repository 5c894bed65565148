package org.seg4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.seg4j.BadInputException;

/**
 * {@code seg4j bench predict-memory}: whether {@code seg4j predict} holds its memory flat over a long folder. The
 * images of a folder (default: CamVid's val set, {@code ../shared/data/camvid/val}) are linked under numbered names
 * until there are {@code images} of them (default 1,100), and {@code seg4j predict --model M FOLDER --out OUT} runs on
 * them in a fresh JVM (same Java and JVM options as this one, the environment's allocator settings inherited); each
 * time predict prints an image's line, the resident set size of that process ({@code VmRSS} in
 * {@code /proc/PID/status}: heap, JVM and native memory, libtorch's included) is read.
 * The reference is the process's own earlier state: the mean RSS over images 101-200 (after warm-up) against the
 * mean over the last 100 images; issue 13 asks for the last within 5% of the first.
 *
 * <p>Parameters: {@code images=1100}, {@code model=models/camvid-unet.seg4j}, {@code source=DIR} (a folder of
 * images), {@code every=100} (how often a line is printed).
 */
public final class PredictMemoryBench implements Benchmark {
    private final String commandMain;

    /** @param commandMain the name of the class whose {@code main} runs the {@code seg4j} command line */
    public PredictMemoryBench(String commandMain) {
        this.commandMain = commandMain;
    }

    static final String DEFAULT_MODEL = "models/camvid-unet.seg4j";
    static final String DEFAULT_SOURCE = "../shared/data/camvid/val";
    static final double TOLERANCE = 0.05;

    @Override
    public String name() {
        return "predict-memory";
    }

    @Override
    public String description() {
        return "seg4j predict over 1,100 CamVid images: resident memory (VmRSS) per image, last 100 vs images 101-200";
    }

    @Override
    public void run(BenchOptions options, PrintWriter out) {
        int images = BenchParams.positive(options, "images", 1100);
        int every = BenchParams.positive(options, "every", 100);
        if (images < 300) {
            throw new BadInputException(null, "-P images must be at least 300 (warm-up, images 101-200 and the last "
                    + "100), got " + images);
        }
        Path model = PredictLargeBench.repositoryFile(options, "model", DEFAULT_MODEL);
        Path source = sourceFolder(options);
        Path work = null;
        try {
            work = Files.createTempDirectory("seg4j-predict-memory");
            Path in = Files.createDirectory(work.resolve("in"));
            List<Path> originals = images(source);
            for (int i = 0; i < images; i++) {
                Path original = originals.get(i % originals.size());
                Files.createSymbolicLink(in.resolve(String.format(Locale.ROOT, "%05d_%s", i,
                        original.getFileName())), original.toAbsolutePath());
            }
            out.printf("predict-memory: seg4j predict --model %s on %d images (%d distinct, from %s) in a fresh JVM%n",
                    model, images, originals.size(), source);
            out.printf("  machine: %s%n", Machine.describe());
            out.printf("  JVM options %s, MALLOC_MMAP_THRESHOLD_=%s, LD_PRELOAD=%s%n",
                    ManagementFactory.getRuntimeMXBean().getInputArguments(),
                    System.getenv().getOrDefault("MALLOC_MMAP_THRESHOLD_", "unset"),
                    System.getenv().getOrDefault("LD_PRELOAD", "unset"));
            out.flush();
            List<String> command = new ArrayList<>();
            command.add(PredictLargeBench.javaCommand());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), commandMain, "predict", "--model",
                    model.toString(), in.toString(), "--out", work.resolve("out").toString()));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            long[] rss = new long[images];
            int count = 0;
            List<String> tail = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.endsWith(" ms") && count < images) {
                        rss[count++] = residentKib(child.pid());
                        if (count % every == 0 || count == 1) {
                            out.printf(Locale.ROOT, "  image %5d: RSS %7.1f MiB%n", count, rss[count - 1] / 1024.0);
                            out.flush();
                        }
                    } else {
                        tail.add(line);
                    }
                }
            }
            int code = child.waitFor();
            if (code != 0 || count != images) {
                throw new IllegalStateException("predict ended with exit code " + code + " after " + count + " of "
                        + images + " images: " + String.join("\n", tail));
            }
            double early = mean(rss, 100, 200);
            double late = mean(rss, images - 100, images);
            out.printf(Locale.ROOT, "  mean RSS images 101-200: %.1f MiB; last 100 (%d-%d): %.1f MiB; ratio %.3f "
                    + "(target within %.0f%%: %s)%n", early / 1024, images - 99, images, late / 1024, late / early,
                    TOLERANCE * 100, Math.abs(late / early - 1) <= TOLERANCE ? "met" : "NOT met");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while predict ran", e);
        } finally {
            if (work != null) {
                PredictLargeBench.deleteTree(work);
            }
        }
    }

    private static Path sourceFolder(BenchOptions options) {
        String given = options.param("source", null);
        Path folder = given != null ? Path.of(given) : RepositoryFiles.find(DEFAULT_SOURCE);
        if (folder == null || !Files.isDirectory(folder)) {
            throw new BadInputException(folder, given != null ? "no such folder (-P source)" : "no " + DEFAULT_SOURCE
                    + " in " + Path.of("").toAbsolutePath() + " or its parents; pass -P source=DIR");
        }
        return folder;
    }

    private static List<Path> images(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> images = files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT)
                    .matches(".*\\.(png|jpe?g|bmp)")).sorted().toList();
            if (images.isEmpty()) {
                throw new BadInputException(folder, "holds no images");
            }
            return images;
        }
    }

    private static double mean(long[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }

    /** The resident set size of a process in KiB ({@code VmRSS}), or -1 without {@code /proc}. */
    static long residentKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}

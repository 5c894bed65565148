package org.seg4j.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.seg4j.BadInputException;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.RgbImage;

/**
 * {@code seg4j bench predict-large}: sliding-window prediction of a large image through the normal predict path, its
 * time and the peak memory of the whole process. A {@code size x size} RGB PNG is made by tiling a real image
 * (default: the bundled ISBI slice {@code demo/isbi/image/20.png}) with mirrored copies, so the mosaic has no seams,
 * and written to a temporary folder. Each repetition then runs {@code seg4j predict --model M --tile T --overlap O}
 * on it in a fresh JVM ({@link PeakMemoryMain} running the command's main class: same Java and JVM options as this
 * one, libtorch limited to
 * {@code --threads}), which reads the PNG, predicts, writes the label PNG (and the overlay JPEG unless
 * {@code -P overlay=false}) and then prints its {@code VmHWM}, the peak resident set size of the process. The issue's
 * target: under 2 GiB.
 *
 * <p>Parameters: {@code size=8192} (or {@code WxH}), {@code tile=512}, {@code overlap=0.25},
 * {@code model=models/isbi-unet.seg4j}, {@code source=IMAGE}, {@code overlay=true}.
 */
public final class PredictLargeBench implements Benchmark {
    static final String DEFAULT_MODEL = "models/isbi-unet.seg4j";
    static final String DEFAULT_SOURCE = "demo/isbi/image/20.png";
    static final long TARGET_KIB = 2L * 1024 * 1024;
    private static final long TIMEOUT_MINUTES = 180;
    private static final Pattern PREDICT_LINE = Pattern.compile("  (\\d+)x(\\d+)  (\\d+) ms$");
    private final String commandMain;

    /** @param commandMain the name of the class whose {@code main} runs the {@code seg4j} command line */
    public PredictLargeBench(String commandMain) {
        this.commandMain = commandMain;
    }

    @Override
    public String name() {
        return "predict-large";
    }

    @Override
    public String description() {
        return "sliding-window predict of an 8192x8192 image in a fresh JVM: time and peak RSS (VmHWM)";
    }

    /** One run of the child process. */
    record Run(double predictMs, double processMs, long peakKib) {
    }

    @Override
    public void run(BenchOptions options, PrintWriter out) {
        if (options.repetitions() < 1) {
            throw new BadInputException(null, "--repetitions must be at least 1, got " + options.repetitions());
        }
        int[] size = BenchParams.size(options, "size", "8192");
        int tile = BenchParams.positive(options, "tile", 512);
        double overlap = overlap(options);
        boolean overlay = BenchParams.bool(options, "overlay", true);
        Path model = repositoryFile(options, "model", DEFAULT_MODEL);
        Path source = repositoryFile(options, "source", DEFAULT_SOURCE);
        Path work = null;
        try {
            work = Files.createTempDirectory("seg4j-predict-large");
            Path image = work.resolve("large.png");
            ImageFiles.writeRgb(image, mosaic(ImageFiles.readRgb(source), size[0], size[1]));
            out.printf("predict-large: %s on a %dx%d RGB PNG (%.1f MB) tiled with mirrored copies of %s;"
                    + " seg4j predict --tile %d --overlap %s (label PNG%s) in a fresh JVM, %d run(s)%n", model,
                    size[0], size[1], Files.size(image) / 1e6, source, tile, overlap, overlay ? " + overlay JPEG"
                    : " only, --no-overlay", options.repetitions());
            out.printf("  machine: %s%n", Machine.describe());
            out.printf("  child JVM: %s, options %s, libtorch %d threads, MALLOC_MMAP_THRESHOLD_=%s%n",
                    javaCommand(), ManagementFactory.getRuntimeMXBean().getInputArguments(), options.threads(),
                    System.getenv().getOrDefault("MALLOC_MMAP_THRESHOLD_", "unset"));
            out.flush();
            List<Run> runs = new ArrayList<>();
            for (int r = 1; r <= options.repetitions(); r++) {
                Path outDir = work.resolve("out" + r);
                Run run = runChild(commandMain, image, outDir, model, tile, overlap, overlay, options.threads(),
                        size);
                runs.add(run);
                out.printf("  run %d: read + predict + write %.0f ms (printed by predict), whole process %.0f ms,"
                        + " peak RSS %.0f MiB%n", r, run.predictMs(), run.processMs(), run.peakKib() / 1024.0);
                out.flush();
                deleteTree(outDir);
            }
            double time = Timing.median(runs.stream().mapToDouble(Run::predictMs).toArray());
            long peak = runs.stream().mapToLong(Run::peakKib).max().orElseThrow();
            out.printf("  median read + predict + write: %.1f s = %.3g Mpixel/s; largest peak RSS %.0f MiB = %.2f GiB"
                    + " (target < 2 GiB: %s)%n", time / 1e3, (double) size[0] * size[1] / 1e6 / (time / 1e3),
                    peak / 1024.0, peak / 1024.0 / 1024.0, peak < 0 ? "unknown, no /proc/self/status"
                    : peak < TARGET_KIB ? "met" : "NOT met");
            out.println("  peak RSS = VmHWM of the predict process (/proc/self/status, read when the command has"
                    + " written its files): the most RAM the process held at any moment, heap and native memory");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (work != null) {
                deleteTree(work);
            }
        }
    }

    /**
     * An image of {@code width x height} made of copies of {@code tile}, every other copy mirrored along each axis,
     * so neighbouring copies meet at their mirror line and the mosaic has no seams.
     */
    static RgbImage mosaic(RgbImage tile, int width, int height) {
        int tw = tile.width();
        int th = tile.height();
        int[] xs = new int[width];
        for (int x = 0; x < width; x++) {
            xs[x] = mirrored(x, tw);
        }
        byte[] src = tile.data();
        byte[] dst = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            int row = mirrored(y, th) * tw;
            for (int x = 0; x < width; x++) {
                System.arraycopy(src, 3 * (row + xs[x]), dst, 3 * (y * width + x), 3);
            }
        }
        return new RgbImage(width, height, dst);
    }

    private static int mirrored(int i, int n) {
        int r = i % n;
        return (i / n) % 2 == 0 ? r : n - 1 - r;
    }

    private static Run runChild(String commandMain, Path image, Path outDir, Path model, int tile, double overlap,
            boolean overlay, int threads, int[] size) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-Dai.djl.pytorch.num_threads=" + threads);
        command.add("-Dai.djl.pytorch.num_interop_threads=" + threads);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PeakMemoryMain.class.getName());
        command.add(commandMain);
        command.addAll(List.of("predict", "--model", model.toString(), "--tile", "" + tile, "--overlap",
                "" + overlap, "--out", outDir.toString()));
        if (!overlay) {
            command.add("--no-overlay");
        }
        command.add(image.toString());
        Path log = Files.createTempFile("seg4j-predict-large", ".log");
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done;
            try {
                done = p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done = false;
            }
            if (!done) {
                p.destroyForcibly();
                throw new IllegalStateException("the predict process did not finish in " + TIMEOUT_MINUTES + " min");
            }
            double processMs = (System.nanoTime() - t0) / 1e6;
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("the predict process failed (exit " + p.exitValue() + "): "
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size())));
            }
            double predictMs = Double.NaN;
            long peak = -1;
            for (String line : lines) {
                Matcher m = PREDICT_LINE.matcher(line);
                if (m.find() && Integer.parseInt(m.group(1)) == size[0] && Integer.parseInt(m.group(2)) == size[1]) {
                    predictMs = Double.parseDouble(m.group(3));
                } else if (line.startsWith("peak-rss-kib ")) {
                    peak = Long.parseLong(line.substring("peak-rss-kib ".length()).trim());
                }
            }
            Path labels = outDir.resolve("large.png");
            int[] written = Files.isRegularFile(labels) ? ImageFiles.size(labels) : null;
            if (Double.isNaN(predictMs) || written == null || written[0] != size[0] || written[1] != size[1]) {
                throw new IllegalStateException("the predict process did not report a " + size[0] + "x" + size[1]
                        + " image or write its label PNG: " + String.join("\n", lines));
            }
            return new Run(predictMs, processMs, peak);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static double overlap(BenchOptions options) {
        String text = options.param("overlap", "0.25");
        try {
            double v = Double.parseDouble(text);
            if (v >= 0 && v < 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException(null, "-P overlap must be a number in [0, 1), got '" + text + "'");
    }

    /** The file or folder a {@code -P key=PATH} names, else {@code fallback} found in the repository. */
    static Path repositoryFile(BenchOptions options, String key, String fallback) {
        String given = options.param(key, null);
        Path file = given != null ? Path.of(given) : RepositoryFiles.find(fallback);
        if (file == null || !Files.exists(file)) {
            throw new BadInputException(file, given != null ? "no such file (-P " + key + ")" : "no " + fallback
                    + " in " + Path.of("").toAbsolutePath() + " or its parents; pass -P " + key + "=FILE");
        }
        return file;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary file is harmless
        }
    }
}

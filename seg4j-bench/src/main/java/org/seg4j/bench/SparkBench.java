package org.seg4j.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.seg4j.BadInputException;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.RgbImage;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;
import org.seg4j.spark.ExecutorModels;
import org.seg4j.spark.PredictJob;
import org.seg4j.spark.SegmentOptions;

/**
 * {@code seg4j bench spark}: the CamVid val images ({@code -P source=DIR}, default {@code ../shared/data/camvid/val}),
 * repeated to {@code -P images=1000} files, segmented with {@code -P model=models/camvid-unet.seg4j} in the same run
 * (1) by the single-process predict path (open the model, then per image: read, {@code Segmenter.segment}, write the
 * label PNG, as {@code seg4j predict --no-overlay} does) and (2) by {@code seg4j spark predict} in Spark
 * {@code local[2]} ({@link PredictJob}: binaryFile source, label PNGs and the Parquet table, batches of
 * {@code -P batch=4}). Each Spark run starts with no model open, so it pays the model load once for its one executor,
 * as the single process does; the Spark session is started once before the runs (its start-up is printed apart).
 * Prints images/s of each (median over {@code --repetitions}) and the ratio Spark / single process; the target is
 * at least 0.9. Also prints the parts of the scaling estimate in docs/spark.md: model load, per-image cost, and the
 * per-image overhead of the Spark job.
 */
public final class SparkBench implements Benchmark {
    static final String DEFAULT_SOURCE = "../shared/data/camvid/val";
    static final String DEFAULT_MODEL = "models/camvid-unet.seg4j";
    static final double TARGET = 0.9;

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public String description() {
        return "CamVid val repeated to 1000 images: single-process predict vs Spark local[2], images/s and ratio";
    }

    @Override
    public void run(BenchOptions options, PrintWriter out) {
        if (options.repetitions() < 1) {
            throw new BadInputException(null, "--repetitions must be at least 1, got " + options.repetitions());
        }
        int count = BenchParams.positive(options, "images", 1000);
        int batch = BenchParams.positive(options, "batch", 4);
        Path model = PredictLargeBench.repositoryFile(options, "model", DEFAULT_MODEL);
        Path source = PredictLargeBench.repositoryFile(options, "source", DEFAULT_SOURCE);
        String master = options.param("master", "local[2]");
        EngineThreads.request(options.threads());
        Path work = null;
        try {
            work = Files.createTempDirectory("seg4j-bench-spark");
            Path input = repeat(source, count, work.resolve("in"));
            out.printf(Locale.ROOT, "spark: %s on %d images (the %d of %s, repeated), label PNGs written; single "
                    + "process vs Spark %s, batch %d; median of %d%n", model, count, images(source).size(), source,
                    master, batch, options.repetitions());
            out.printf("  machine: %s; libtorch %d threads%n", Machine.describe(), EngineThreads.actual());
            long t0 = System.nanoTime();
            long load;
            try (SegmentationModel m = SegmentationModel.open(model)) {
                load = System.nanoTime() - t0;
            }
            out.printf(Locale.ROOT, "  model load: %.0f ms%n", load / 1e6);
            out.flush();
            t0 = System.nanoTime();
            SparkSession spark = SparkSession.builder().master(master).appName("seg4j bench spark")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            out.printf(Locale.ROOT, "  Spark session start (once per application, not in the times below): %.1f s%n",
                    (System.nanoTime() - t0) / 1e9);
            out.flush();
            double[] single = new double[options.repetitions()];
            double[] spread = new double[options.repetitions()];
            double perImageMs = Double.NaN;
            try {
                for (int r = 0; r < options.repetitions(); r++) {
                    single[r] = singleProcess(model, input, work.resolve("single" + r)) / 1e9;
                    int loadsBefore = ExecutorModels.loads();
                    ExecutorModels.closeAll();
                    t0 = System.nanoTime();
                    PredictJob.Summary summary = PredictJob.run(spark, input.toString(), model.toString(),
                            work.resolve("spark" + r), SegmentOptions.defaults().withBatchSize(batch));
                    spread[r] = (System.nanoTime() - t0) / 1e9;
                    if (summary.images() != count || summary.errors() != 0) {
                        throw new IllegalStateException("the Spark run wrote " + summary.images() + " rows with "
                                + summary.errors() + " errors for " + count + " images");
                    }
                    perImageMs = medianInferenceMs(spark, summary.table());
                    out.printf(Locale.ROOT, "  run %d: single process %.1f s = %.2f images/s; Spark %.1f s = %.2f "
                            + "images/s (model loads: %d)%n", r + 1, single[r], count / single[r], spread[r],
                            count / spread[r], ExecutorModels.loads() - loadsBefore);
                    out.flush();
                }
            } finally {
                spark.stop();
                ExecutorModels.closeAll();
            }
            double singleRate = count / Timing.median(single);
            double sparkRate = count / Timing.median(spread);
            double ratio = sparkRate / singleRate;
            out.printf(Locale.ROOT, "  single process (reference): %.2f images/s%n", singleRate);
            out.printf(Locale.ROOT, "  Spark %s: %.2f images/s%n", master, sparkRate);
            out.printf(Locale.ROOT, "  ratio Spark / single process: %.3f (target >= %.1f: %s)%n", ratio, TARGET,
                    ratio >= TARGET ? "met" : "NOT met");
            out.printf(Locale.ROOT, "  parts: model load %.0f ms; segmentation %.0f ms per image (median share of its "
                    + "batch, Spark table); per image, single process %.0f ms, Spark %.0f ms of wall time on %d "
                    + "cores%n", load / 1e6, perImageMs, 1e3 / singleRate, 1e3 / sparkRate,
                    Runtime.getRuntime().availableProcessors());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (work != null) {
                PredictLargeBench.deleteTree(work);
            }
        }
    }

    /** The single-process predict path over every image of {@code input}; returns nanoseconds, model load included. */
    static long singleProcess(Path model, Path input, Path output) {
        long t0 = System.nanoTime();
        try (SegmentationModel m = SegmentationModel.open(model)) {
            Segmenter segmenter = Segmenter.of(m);
            int[] palette = m.labels().palette();
            for (Path file : images(input)) {
                RgbImage image = ImageFiles.readRgb(file);
                String name = file.getFileName().toString();
                ImageFiles.writeLabelPng(output.resolve(name.substring(0, name.lastIndexOf('.')) + ".png"),
                        segmenter.segment(image).labels(), palette);
            }
        }
        return System.nanoTime() - t0;
    }

    /** {@code count} links named {@code NNNNN_<name>} to the images of {@code source}, taken round-robin. */
    static Path repeat(Path source, int count, Path folder) throws IOException {
        List<Path> images = images(source);
        if (images.isEmpty()) {
            throw new BadInputException(source, "no PNG images");
        }
        Files.createDirectories(folder);
        for (int i = 0; i < count; i++) {
            Path image = images.get(i % images.size()).toAbsolutePath();
            Files.createSymbolicLink(folder.resolve(String.format(Locale.ROOT, "%05d_%s", i, image.getFileName())),
                    image);
        }
        return folder;
    }

    private static double medianInferenceMs(SparkSession spark, Path table) {
        List<Row> rows = spark.read().parquet(table.toString()).select("inference_ms").collectAsList();
        return Timing.median(rows.stream().mapToDouble(r -> r.getDouble(0)).toArray());
    }

    private static List<Path> images(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot list: " + e.getMessage());
        }
    }
}

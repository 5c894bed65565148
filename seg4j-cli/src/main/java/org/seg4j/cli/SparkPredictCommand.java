package org.seg4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.seg4j.spark.PredictJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seg4j spark predict --model FILE --input DIR|GLOB --output DIR}: segments images with Spark; writes palette
 * label PNGs to {@code OUTPUT/labels/} and the per-image table as Parquet to {@code OUTPUT/table/}.
 */
@Command(name = "predict", description = "Segment the images of a folder or glob with Spark: label PNGs under "
        + "OUTPUT/labels/, one table row per image (Parquet) under OUTPUT/table/.")
final class SparkPredictCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    SparkOptions spark;

    @Option(names = "--input", required = true, paramLabel = "DIR|GLOB",
            description = "A folder of images (PNG, JPEG, BMP) or a glob such as 'data/*/*.png'.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
    Path output;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        SparkOptions.requireSeg4jModel(model);
        var options = spark.segmentOptions(model);
        long t0 = System.nanoTime();
        PredictJob.Summary summary = spark.run("seg4j spark predict",
                session -> PredictJob.run(session, input, model.model.toString(), output, options));
        out.printf(Locale.ROOT, "segmented %d images (%d with errors) in %.1f s%n", summary.images(),
                summary.errors(), (System.nanoTime() - t0) / 1e9);
        out.println("wrote " + summary.labels());
        out.println("wrote " + summary.table());
        out.flush();
    }
}

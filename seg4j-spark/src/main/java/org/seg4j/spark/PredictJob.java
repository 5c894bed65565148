package org.seg4j.spark;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.seg4j.BadInputException;

/**
 * The job behind {@code seg4j spark predict}: segments the images of a folder or glob and writes, under one output
 * folder, a palette label PNG per image ({@code labels/<image name>.png}) and the result table as Parquet
 * ({@code table/}, {@link SparkSegmentation#schema}). Both survive retried tasks: the table through Spark's output
 * committer, the label PNGs through {@link LabelCommit}.
 */
public final class PredictJob {
    /** What a finished job wrote: rows in the table, rows with an error, and where. */
    public record Summary(long images, long errors, Path labels, Path table) {
    }

    private PredictJob() {
    }

    /**
     * @param output folder that receives {@code labels/} and {@code table/}; its {@code table/} must not exist yet
     * @param options how to segment; its label folder is replaced by {@code output/labels}
     * @throws BadInputException if {@code output/table} exists or no image matches {@code input}
     */
    public static Summary run(SparkSession spark, String input, String modelFile, Path output,
            SegmentOptions options) {
        Path labels = output.resolve("labels").toAbsolutePath();
        Path table = output.resolve("table").toAbsolutePath();
        if (Files.exists(table)) {
            throw new BadInputException(table, "already exists; give a new --output folder or remove it");
        }
        Dataset<Row> images = readImages(spark, input);
        SparkSegmentation.segment(images, modelFile, options.withLabels(labels)).write().parquet(table.toString());
        LabelCommit.cleanUp(labels);
        Dataset<Row> written = spark.read().parquet(table.toString());
        return new Summary(written.count(), written.filter(col("error").isNotNull()).count(), labels, table);
    }

    private static Dataset<Row> readImages(SparkSession spark, String input) {
        Dataset<Row> images;
        try {
            images = SparkSegmentation.readImages(spark, input);
        } catch (Exception e) {
            if (e instanceof AnalysisException) {
                // Spark's error for a path that does not exist or a glob that matches nothing
                throw new BadInputException(Path.of(input), "no such image folder or file");
            }
            throw e;
        }
        if (images.isEmpty()) {
            throw new BadInputException(Path.of(input), "no images found (PNG, JPEG or BMP)");
        }
        return images;
    }
}

package org.seg4j.spark;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.seg4j.BadInputException;

/**
 * The main class of the application jar for {@code spark-submit}: runs {@link PredictJob} in the session
 * {@code spark-submit} configures (master, executors, memory).
 * <pre>
 * spark-submit --master spark://HOST:7077 --class org.seg4j.spark.PredictMain seg4j-spark-VERSION-app.jar \
 *     MODEL INPUT OUTPUT [BATCH]
 * </pre>
 * Bad input ends with one line naming the problem and exit code 2.
 */
public final class PredictMain {
    private PredictMain() {
    }

    public static void main(String[] args) {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: PredictMain MODEL INPUT_DIR_OR_GLOB OUTPUT_DIR [BATCH]");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("seg4j predict").getOrCreate();
        try {
            SegmentOptions options = SegmentOptions.defaults();
            if (args.length == 4) {
                options = options.withBatchSize(Integer.parseInt(args[3]));
            }
            PredictJob.Summary summary = PredictJob.run(spark, args[1], args[0], Path.of(args[2]), options);
            System.out.printf("segmented %d images (%d with errors); wrote %s and %s%n", summary.images(),
                    summary.errors(), summary.labels(), summary.table());
        } catch (BadInputException | IllegalArgumentException e) {
            System.err.println("seg4j: " + e.getMessage());
            spark.stop();
            System.exit(2);
        }
        spark.stop();
    }
}

package org.seg4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.seg4j.BadInputException;
import org.seg4j.spark.SegmentOptions;
import picocli.CommandLine.Option;

/**
 * The options of the {@code seg4j spark} commands: where Spark runs, its settings, and how many images go through the
 * network together. On a {@code spark://} master the executors get seg4j from the application jar
 * ({@code seg4j-spark/target/seg4j-spark-VERSION-app.jar}, built with the project).
 */
final class SparkOptions {
    @Option(names = "--master", defaultValue = "local[2]", paramLabel = "URL",
            description = "Spark master: local[N] (in this process, N task threads) or spark://HOST:PORT "
                    + "(default ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting, e.g. "
            + "spark.executor.memory=2g (repeatable).")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--app-jar", paramLabel = "FILE", description = "Application jar the executors of a spark:// "
            + "master load seg4j from (default: the one built in the checkout).")
    Path appJar;

    @Option(names = "--batch", defaultValue = "4", description = "Images segmented together per task (default "
            + "${DEFAULT-VALUE}).")
    int batch;

    /** Refuses what the Spark jobs cannot run: models other than seg4j model files. */
    static void requireSeg4jModel(ModelOptions model) {
        if (model.model == null) {
            throw new BadInputException(null, "--model FILE is required");
        }
        String name = model.model.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pt") || name.endsWith(".onnx")) {
            throw new BadInputException(model.model, "the Spark jobs run seg4j model files (.seg4j); convert or "
                    + "import the model first");
        }
    }

    /** The segmentation options of these flags and the model flags (tiles, scales, flip, CRF). */
    SegmentOptions segmentOptions(ModelOptions model) {
        if (batch < 1) {
            throw new BadInputException(null, "--batch must be at least 1, got " + batch);
        }
        return SegmentOptions.defaults().withInference(model.inference()).withBatchSize(batch);
    }

    /**
     * Runs {@code job} in a Spark session that is stopped afterwards. A failure that Spark reports for bad input found
     * on an executor (a missing model or data file) surfaces as that {@link BadInputException}.
     */
    <T> T run(String appName, Function<SparkSession, T> job) {
        SparkSession.Builder builder = SparkSession.builder().master(master).appName(appName);
        if (master.startsWith("local")) {
            // everything runs in this process: keep Spark's own connections on the loopback interface
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        } else if (!conf.containsKey("spark.jars")) {
            builder.config("spark.jars", appJar().toString());
        }
        conf.forEach(builder::config);
        SparkSession spark;
        try {
            spark = builder.getOrCreate();
        } catch (RuntimeException e) {
            throw new BadInputException(null, "cannot start Spark with --master " + master + ": " + e.getMessage());
        }
        try {
            return job.apply(spark);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BadInputException bad) {
                    throw bad;
                }
            }
            throw e;
        } finally {
            spark.stop();
        }
    }

    private Path appJar() {
        if (appJar != null) {
            if (!Files.isRegularFile(appJar)) {
                throw new BadInputException(appJar, "no such application jar");
            }
            return appJar.toAbsolutePath();
        }
        Path target = Path.of(System.getProperty("seg4j.home", ".")).resolve("seg4j-spark/target");
        try (Stream<Path> jars = Files.list(target)) {
            return jars.filter(p -> p.getFileName().toString().matches("seg4j-spark-.*-app\\.jar")).findFirst()
                    .orElseThrow(() -> new IOException("none there"))
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new BadInputException(target, "no application jar for the executors (build it: mvn -B -pl "
                    + "seg4j-spark -am package -DskipTests; or give --app-jar FILE)");
        }
    }
}

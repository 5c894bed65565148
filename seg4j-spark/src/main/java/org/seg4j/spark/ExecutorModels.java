package org.seg4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkFiles;
import org.seg4j.BadInputException;
import org.seg4j.nn.infer.SegmentationModel;

/**
 * The models open in this JVM. A Spark executor runs many tasks, several at once, in one JVM: each model file is
 * opened there once, by the first task that needs it, and shared by every later task (inference does not change a
 * model, so concurrent tasks may share it). In local mode the driver's JVM is the executor.
 */
public final class ExecutorModels {
    private static final Map<Path, SegmentationModel> OPEN = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {
    }

    /** The model of {@code modelFile}, opened on first use in this JVM ({@link #locate} says which file). */
    static SegmentationModel get(String modelFile) {
        return OPEN.computeIfAbsent(locate(modelFile), file -> {
            LOADS.incrementAndGet();
            return SegmentationModel.open(file);
        });
    }

    /**
     * The model file as given when this machine has it (a local path in local mode, a shared file system on a
     * cluster), else the copy Spark shipped to the executor under the same file name ({@code spark-submit --files},
     * {@code SparkContext.addFile}).
     *
     * @throws BadInputException if neither exists
     */
    static Path locate(String modelFile) {
        Path given = Path.of(modelFile);
        if (Files.isRegularFile(given)) {
            return given.toAbsolutePath().normalize();
        }
        Path shipped = Path.of(SparkFiles.get(given.getFileName().toString()));
        if (Files.isRegularFile(shipped)) {
            return shipped.toAbsolutePath().normalize();
        }
        throw new BadInputException(given, "no such model file on this executor, nor shipped to it with --files");
    }

    /** How many times a model was opened in this JVM since it started. */
    public static int loads() {
        return LOADS.get();
    }

    /** Closes every model open in this JVM (frees their native memory); the next task opens its model again. */
    public static void closeAll() {
        for (Path file : OPEN.keySet()) {
            SegmentationModel model = OPEN.remove(file);
            if (model != null) {
                model.close();
            }
        }
    }
}

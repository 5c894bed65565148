package org.seg4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;
import org.seg4j.testing.SharedData;

/**
 * A real multi-process run: a standalone master and worker (separate JVMs on 127.0.0.1), the prediction job submitted
 * to them with the shaded application jar, and the executor JVM killed with SIGKILL in the middle of the job. The job
 * must still finish with exactly one label PNG and one table row per image, the labels equal to the direct
 * {@link Segmenter}'s and the table equal to local mode's. Run by {@code mvn verify -Pspark-cluster}, which builds the
 * application jar first and lists Spark's jars.
 */
class StandaloneClusterIT {
    private static final Path MODEL = SharedData.repoRoot().resolve("models/camvid-unet.seg4j");
    private static final int COPIES = 4;

    @TempDir
    Path tmp;

    @Test
    void jobSurvivesTheExecutorsDeathWithOneOutputPerImage() throws Exception {
        Path appJar = Path.of(System.getProperty("seg4j.spark.appJar", "none"));
        Path sparkJars = Path.of(System.getProperty("seg4j.spark.jarList", "none"));
        assumeTrue(Files.isRegularFile(appJar) && Files.isRegularFile(sparkJars),
                "run with mvn verify -Pspark-cluster (needs the application jar and the list of Spark's jars)");
        Path input = Files.createDirectories(tmp.resolve("in"));
        List<Path> demo = SparkSegmentationTest.demoImages();
        Map<String, Path> originals = new HashMap<>();
        for (int copy = 0; copy < COPIES; copy++) {
            for (Path image : demo) {
                String name = copy + "_" + image.getFileName();
                Files.copy(image, input.resolve(name));
                originals.put(name, image);
            }
        }
        List<Path> jars = Arrays.stream(Files.readString(sparkJars).strip().split(java.io.File.pathSeparator))
                .map(Path::of).toList();

        List<Row> clusterRows;
        int killedAt;
        ExecutorDeaths deaths = new ExecutorDeaths();
        try (StandaloneCluster cluster = new StandaloneCluster(tmp.resolve("spark"), jars,
                System.getProperty("seg4j.spark.javaOptions", ""))) {
            cluster.start(2, "3g");
            SparkSession spark = SparkSession.builder().master(cluster.masterUrl()).appName("seg4j cluster test")
                    .config("spark.jars", appJar.toString())
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.executor.memory", "1g")
                    .config("spark.executor.extraJavaOptions", "-Dai.djl.offline=true")
                    // one image per partition, so the job is many tasks and the kill lands in the middle
                    .config("spark.sql.files.maxPartitionBytes", "300000")
                    .getOrCreate();
            try {
                spark.sparkContext().addSparkListener(deaths);
                Path out = tmp.resolve("cluster");
                CompletableFuture<PredictJob.Summary> job = CompletableFuture.supplyAsync(() -> PredictJob.run(
                        spark, input.toString(), MODEL.toString(), out, SegmentOptions.defaults().withBatchSize(1)));
                killedAt = killExecutorOnceLabelsAppear(cluster, out.resolve("labels"), job);
                PredictJob.Summary summary = job.get(15, TimeUnit.MINUTES);
                cluster.executors().forEach(e -> System.out.printf("executor JVM %d after the job: %s%n", e.pid(),
                        StandaloneCluster.memory(e)));
                assertThat(summary.images()).isEqualTo(originals.size());
                assertThat(summary.errors()).isZero();
                clusterRows = spark.read().parquet(summary.table().toString()).collectAsList();
            } finally {
                spark.stop();
            }
        }
        System.out.printf("executor killed with %d of %d label PNGs committed; executors removed: %d, tasks lost: %d%n",
                killedAt, originals.size(), deaths.removed.get(), deaths.lostTasks.get());
        assertThat(killedAt).as("labels committed when the executor was killed").isBetween(1, originals.size() - 1);
        assertThat(deaths.removed.get()).as("executors lost").isPositive();
        assertThat(deaths.lostTasks.get()).as("tasks lost with the executor").isPositive();

        Path clusterLabels = tmp.resolve("cluster/labels");
        try (Stream<Path> files = Files.list(clusterLabels)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("exactly one label PNG per image, no staging left")
                    .isEqualTo(originals.keySet().stream().sorted().toList());
        }
        assertThat(clusterRows).hasSize(originals.size());
        assertThat(clusterRows.stream().map(r -> r.<String>getAs("path")).distinct()).hasSize(originals.size());
        try (SegmentationModel model = SegmentationModel.open(MODEL)) {
            Segmenter direct = Segmenter.of(model);
            Map<Path, LabelMap> expected = new HashMap<>();
            for (Map.Entry<String, Path> image : originals.entrySet()) {
                LabelMap labels = expected.computeIfAbsent(image.getValue(), f -> direct.segment(f).labels());
                assertThat(ImageFiles.readLabels(clusterLabels.resolve(image.getKey()))).as(image.getKey())
                        .isEqualTo(labels);
            }
        }

        SparkSession local = LocalSpark.start();
        try {
            PredictJob.Summary summary = PredictJob.run(local, input.toString(), MODEL.toString(), tmp.resolve("local"),
                    SegmentOptions.defaults());
            List<Row> localRows = local.read().parquet(summary.table().toString()).collectAsList();
            assertThat(withoutTimes(clusterRows)).containsExactlyInAnyOrderElementsOf(withoutTimes(localRows));
        } finally {
            local.stop();
        }
    }

    /** Waits for the first committed label PNG, kills the executor JVM (SIGKILL); returns the PNGs there then. */
    private static int killExecutorOnceLabelsAppear(StandaloneCluster cluster, Path labels,
            CompletableFuture<?> job) throws Exception {
        while (!job.isDone()) {
            long committed = committed(labels);
            List<ProcessHandle> executors = cluster.executors();
            if (committed > 0 && !executors.isEmpty()) {
                System.out.printf("killing executor JVM %d (%s)%n", executors.get(0).pid(),
                        StandaloneCluster.memory(executors.get(0)));
                executors.get(0).destroyForcibly();
                executors.get(0).onExit().get(1, TimeUnit.MINUTES);
                return (int) committed;
            }
            Thread.sleep(100);
        }
        job.get();
        throw new AssertionError("the job finished before the executor could be killed");
    }

    private static long committed(Path labels) throws Exception {
        if (!Files.isDirectory(labels)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(labels)) {
            return files.filter(p -> p.toString().endsWith(".png")).count();
        }
    }

    /** Rows as lists of path, size, class pixels and label file name (inference times differ from run to run). */
    private static List<List<Object>> withoutTimes(List<Row> rows) {
        return rows.stream().map(r -> List.<Object>of(r.<String>getAs("path"), r.<Integer>getAs("width"),
                r.<Integer>getAs("height"), r.getList(r.fieldIndex("class_pixels")),
                Path.of(r.<String>getAs("label_file")).getFileName().toString())).toList();
    }

    /** Counts executors removed and tasks that failed because their executor was lost. */
    private static final class ExecutorDeaths extends SparkListener {
        final AtomicInteger removed = new AtomicInteger();
        final AtomicInteger lostTasks = new AtomicInteger();

        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
            removed.incrementAndGet();
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd event) {
            if (event.reason() instanceof ExecutorLostFailure) {
                lostTasks.incrementAndGet();
            }
        }
    }
}

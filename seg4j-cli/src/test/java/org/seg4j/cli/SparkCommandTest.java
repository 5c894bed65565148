package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.image.ImageFiles;
import org.seg4j.testing.SharedData;

/** {@code seg4j spark predict|eval} in local[2] against {@code seg4j predict|eval} on the same images. */
class SparkCommandTest {
    private static final Path ROOT = SharedData.repoRoot();
    private static final String MODEL = ROOT.resolve("models/camvid-unet.seg4j").toString();
    private static final String[] LOCAL = {"--conf", "spark.ui.enabled=false"};

    @TempDir
    Path tmp;

    @Test
    void sparkPredictWritesWhatPredictWrites() throws Exception {
        Path images = ROOT.resolve("demo/camvid/val");
        CliRun direct = CliRun.of("predict", "--model", MODEL, images.toString(), "--out", tmp.resolve("direct")
                .toString(), "--no-overlay");
        assertThat(direct.exitCode()).as(direct.err()).isZero();
        CliRun spark = CliRun.of(concat(LOCAL, "spark", "predict", "--model", MODEL, "--input", images.toString(),
                "--output", tmp.resolve("spark").toString()));
        assertThat(spark.exitCode()).as(spark.err()).isZero();
        assertThat(spark.out()).contains("segmented 4 images (0 with errors)");
        List<Path> expected;
        try (Stream<Path> files = Files.list(tmp.resolve("direct"))) {
            expected = files.sorted().toList();
        }
        assertThat(expected).hasSize(4);
        for (Path file : expected) {
            assertThat(ImageFiles.readLabels(tmp.resolve("spark/labels").resolve(file.getFileName())))
                    .as(file.getFileName().toString()).isEqualTo(ImageFiles.readLabels(file));
        }
        assertThat(tmp.resolve("spark/table/_SUCCESS")).exists();
    }

    @Test
    void sparkEvalPrintsWhatEvalPrints() {
        String[] data = {"--model", MODEL, "--data", "camvid:" + ROOT.resolve("demo/camvid"), "--split", "val"};
        CliRun single = CliRun.of(concat(data, "eval"));
        assertThat(single.exitCode()).as(single.err()).isZero();
        CliRun spark = CliRun.of(concat(concat(LOCAL, data), "spark", "eval"));
        assertThat(spark.exitCode()).as(spark.err()).isZero();
        // the same report; eval's progress lines (eval k/n ...), timing-dependent, are not part of it
        assertThat(spark.out()).isEqualTo(withoutProgress(single.out())).contains("samples scored: 4");
    }

    private static String withoutProgress(String out) {
        return out.lines().filter(l -> !l.startsWith("eval ")).map(l -> l + System.lineSeparator())
                .collect(java.util.stream.Collectors.joining());
    }

    @Test
    void badInputEndsWithOneLineAndExitCodeTwo() {
        CliRun missing = CliRun.of(concat(LOCAL, "spark", "predict", "--model", MODEL, "--input",
                tmp.resolve("none").toString(), "--output", tmp.resolve("out").toString()));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("none");
        CliRun external = CliRun.of("spark", "predict", "--model", "net.onnx", "--input", ".", "--output", "o");
        assertThat(external.exitCode()).isEqualTo(2);
        assertThat(external.err()).contains("seg4j model files");
        CliRun batch = CliRun.of("spark", "eval", "--model", MODEL, "--data", "camvid:x", "--batch", "0");
        assertThat(batch.exitCode()).isEqualTo(2);
        assertThat(batch.err()).contains("--batch");
    }

    /** The options after the command words: {@code head} words first, then {@code options}. */
    private static String[] concat(String[] options, String... head) {
        return Stream.concat(Stream.of(head), Stream.of(options)).toArray(String[]::new);
    }
}

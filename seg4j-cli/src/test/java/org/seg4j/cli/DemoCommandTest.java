package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.testing.SharedData;

class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void demoScoresBundledPredictionsAsNumpyDoesAndWritesAReport() throws Exception {
        CliRun run = CliRun.of("demo", "--home", SharedData.repoRoot().toString(), "--out", tmp.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode metrics = new ObjectMapper().readTree(tmp.resolve("metrics.json").toFile());
        EvalCommandTest.assertAgrees(metrics.get("camvidBaseline"), EvalCommandTest.fixture("demo_reference.json"),
                EvalCommandTest.fixture("demo_reference.json").get("classNames"));
        // the bundled U-Net on two held-out ISBI slices: its label PNGs are written and scored
        assertThat(metrics.get("isbi").get("samples").asInt()).isEqualTo(2);
        assertThat(metrics.get("isbi").get("pixelAccuracy").asDouble()).isGreaterThan(0.85);
        assertThat(tmp.resolve("isbi/20.png")).exists();
        long[] h = org.seg4j.image.ImageFiles.readLabels(tmp.resolve("isbi/20.png")).histogram();
        assertThat(h[0] + h[1]).isEqualTo(512L * 512);
        // the bundled CamVid U-Net on four val images: clearly better than the naive baseline
        assertThat(metrics.get("camvid").get("samples").asInt()).isEqualTo(4);
        assertThat(metrics.get("camvid").get("mIoU").asDouble())
                .isGreaterThan(metrics.get("camvidBaseline").get("mIoU").asDouble() + 0.1);
        long[] c = org.seg4j.image.ImageFiles.readLabels(tmp.resolve("camvid/0016E5_08159.png")).histogram();
        assertThat(java.util.Arrays.stream(c).sum()).isEqualTo(480L * 360);
        // the bundled car localizer on the same images: boxes drawn, cars found
        JsonNode localizer = metrics.get("camvidLocalizer");
        assertThat(localizer.get("images").asInt()).isEqualTo(4);
        // 2 + 2 + 1 + 1 Car components of at least 150 px in the bundled labels (the model's training minimum)
        assertThat(localizer.get("objects").asInt()).isEqualTo(6);
        assertThat(localizer.get("localizationAccuracy").asDouble()).isGreaterThan(0);
        assertThat(tmp.resolve("localize/0016E5_08159_boxes.png")).exists();
        String html = Files.readString(tmp.resolve("report.html"));
        assertThat(html).contains("<table").contains("data:image/png;base64,").contains("Bicyclist")
                .contains("0016E5_08159").endsWith("</html>");
        assertThat(run.out()).contains("report:").contains("mean IoU");
    }

    @Test
    void demoWithoutItsDataSaysWhereItLooked() {
        CliRun run = CliRun.of("demo", "--home", tmp.toString(), "--out", tmp.resolve("o").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(tmp.resolve("demo").toString()).contains("bundled demo data not found");
        assertThat(run.err()).doesNotContain("Exception");
    }
}

package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.testing.SharedData;

/** The bundled ISBI U-Net on the two bundled ISBI slices: one tunes, one tests. */
class CrfSearchCommandTest {
    private static final Path ROOT = SharedData.repoRoot();

    @Test
    void tunesOnTheFirstSamplesAndScoresTheRestWithAndWithoutTheChosenCrf(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("search.json");
        String model = ROOT.resolve("models/isbi-unet.seg4j").toString();
        String data = "folder:" + ROOT.resolve("demo/isbi");
        CliRun run = CliRun.of("crf-search", "--model", model, "--data", data, "--labels", "isbi", "--tune", "1",
                "--w1", "1,4", "--theta-a", "20", "--theta-b", "5", "--iterations", "3", "--json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("tuning on samples 0-0 (1 images)").contains("2 settings")
                .contains("w1 1 theta_a 20 theta_b 5, w2 3 theta_g 3, 3 iterations  mIoU")
                .contains("test on samples 1-1 (1 images)").contains("mIoU change:");

        JsonNode result = new ObjectMapper().readTree(Files.readString(json));
        JsonNode grid = result.get("grid");
        assertThat(grid).hasSize(2);
        double best = Math.max(grid.get(0).get("meanIoU").asDouble(), grid.get(1).get("meanIoU").asDouble());
        JsonNode chosen = result.get("chosen");
        JsonNode chosenRow = grid.get(0).get("meanIoU").asDouble() == best ? grid.get(0) : grid.get(1);
        assertThat(chosen).isEqualTo(chosenRow.get("parameters"));

        // without the CRF, the test part scores exactly what seg4j eval gives for the same sample
        Path evalJson = tmp.resolve("eval.json");
        CliRun eval = CliRun.of("eval", "--model", model, "--data", data, "--labels", "isbi", "--split",
                "train[1:2]", "--json", evalJson.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode evaluated = new ObjectMapper().readTree(Files.readString(evalJson));
        assertThat(result.get("testWithoutCrf").get("mIoU").asDouble())
                .isCloseTo(evaluated.get("mIoU").asDouble(), within(1e-12));
        assertThat(result.get("testWithCrf").get("mIoU").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void aTuningPartThatLeavesNothingToTestIsRefused() {
        CliRun run = CliRun.of("crf-search", "--model", ROOT.resolve("models/isbi-unet.seg4j").toString(),
                "--data", "folder:" + ROOT.resolve("demo/isbi"), "--labels", "isbi", "--tune", "2");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--tune must leave samples on both sides: the split has 2 samples");
    }
}

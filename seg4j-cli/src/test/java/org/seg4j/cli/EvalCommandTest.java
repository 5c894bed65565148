package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.testing.ReferencePredictions;
import org.seg4j.testing.SharedData;

class EvalCommandTest {
    private static final double TOLERANCE = 1e-9;

    @TempDir
    Path tmp;

    @Test
    void groundTruthAsPredictionScoresOneEverywhere() throws Exception {
        Path camvid = SharedData.require("camvid");
        Path json = tmp.resolve("m.json");
        CliRun run = CliRun.of("eval", "--data", "camvid:" + camvid, "--split", "val",
                "--pred", camvid.resolve("valannot").toString(), "--json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode m = new ObjectMapper().readTree(json.toFile());
        assertThat(m.get("samples").asInt()).isEqualTo(101);
        for (String key : List.of("pixelAccuracy", "meanAccuracy", "mIoU", "fwIoU")) {
            assertThat(m.get(key).asDouble()).as(key).isEqualTo(1.0);
        }
        m.get("perClass").forEach(c -> {
            assertThat(c.get("iou").asDouble()).isEqualTo(1.0);
            assertThat(c.get("accuracy").asDouble()).isEqualTo(1.0);
            assertThat(c.get("dice").asDouble()).isEqualTo(1.0);
        });
        assertThat(run.out()).contains("mean IoU").contains("100.00");
    }

    @Test
    void shiftedAndDegradedPredictionsAgreeWithNumpy() throws Exception {
        Path camvid = SharedData.require("camvid");
        JsonNode ref = fixture("camvid_val_reference.json");
        Path shifted = tmp.resolve("shifted");
        Path degraded = tmp.resolve("degraded");
        List<Path> labels;
        try (var files = Files.list(camvid.resolve("valannot"))) {
            labels = files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
        for (int k = 0; k < labels.size(); k++) {
            LabelMap gt = ImageFiles.readLabels(labels.get(k));
            String name = labels.get(k).getFileName().toString();
            ImageFiles.writeGreyPng(shifted.resolve(name), ReferencePredictions.shifted(gt));
            ImageFiles.writeGreyPng(degraded.resolve(name), ReferencePredictions.degraded(gt, k, 11));
        }
        assertEvalAgrees(camvid, shifted, ref.get("rules").get("shift"), ref.get("classNames"));
        assertEvalAgrees(camvid, degraded, ref.get("rules").get("degrade"), ref.get("classNames"));
    }

    private void assertEvalAgrees(Path camvid, Path pred, JsonNode expected, JsonNode names) throws Exception {
        Path json = tmp.resolve(pred.getFileName() + ".json");
        CliRun run = CliRun.of("eval", "--data", "camvid:" + camvid, "--split", "val", "--pred", pred.toString(),
                "--json", json.toString(), "--threads", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertAgrees(new ObjectMapper().readTree(json.toFile()), expected, names);
    }

    static void assertAgrees(JsonNode actual, JsonNode expected, JsonNode names) {
        assertThat(actual.get("pixels").asLong()).isEqualTo(expected.get("pixels").asLong());
        for (String key : List.of("pixelAccuracy", "meanAccuracy", "mIoU", "fwIoU")) {
            assertThat(actual.get(key).asDouble()).as(key).isCloseTo(expected.get(key).asDouble(), within(TOLERANCE));
        }
        for (int c = 0; c < names.size(); c++) {
            JsonNode perClass = actual.get("perClass").get(names.get(c).asText());
                for (String key : List.of("iou", "accuracy", "dice")) {
                JsonNode e = expected.get(key).get(c);
                if (e.isNull()) {
                    assertThat(perClass.get(key).isNull()).as(names.get(c) + " " + key).isTrue();
                } else {
                    assertThat(perClass.get(key).asDouble()).as(names.get(c) + " " + key)
                            .isCloseTo(e.asDouble(), within(TOLERANCE));
                }
            }
        }
    }

    static JsonNode fixture(String name) throws Exception {
        try (InputStream in = EvalCommandTest.class.getResourceAsStream("/fixtures/metrics/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void missingOrWrongSizePredictionIsNamedAndCanBeSkipped() {
        Path root = SharedData.repoRoot().resolve("demo/camvid");
        Path pred = tmp.resolve("pred");
        ImageFiles.writeGreyPng(pred.resolve("0016E5_07959.png"), LabelMap.filled(480, 360, 3));
        ImageFiles.writeGreyPng(pred.resolve("0016E5_08025.png"), LabelMap.filled(48, 36, 3));
        CliRun run = CliRun.of("eval", "--data", "camvid:" + root, "--split", "val", "--pred", pred.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("seg4j eval: ").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.err()).containsAnyOf(pred.resolve("0016E5_08025.png") + ": prediction is 48x36",
                pred.resolve("0016E5_08091.png") + ": no prediction for sample 0016E5_08091");

        CliRun skipping = CliRun.of("eval", "--data", "camvid:" + root, "--split", "val", "--pred", pred.toString(),
                "--on-bad-sample", "skip", "--threads", "1");
        assertThat(skipping.exitCode()).as(skipping.err()).isZero();
        assertThat(skipping.out()).contains("samples scored: 1, skipped: 3");
    }

    @Test
    void unknownPredictionValuesAndBadOptionsAreExplained() {
        Path root = SharedData.repoRoot().resolve("demo/camvid");
        Path pred = tmp.resolve("pred");
        for (String id : List.of("0016E5_07959", "0016E5_08025", "0016E5_08091", "0016E5_08159")) {
            ImageFiles.writeGreyPng(pred.resolve(id + ".png"), LabelMap.filled(480, 360, 40));
        }
        CliRun run = CliRun.of("eval", "--data", "camvid:" + root, "--split", "val", "--pred", pred.toString(),
                "--threads", "1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(pred.resolve("0016E5_07959.png").toString()).contains("label value 40");
        assertThat(CliRun.of("eval", "--data", "camvid:" + root, "--split", "val", "--pred", pred.toString(),
                "--pred-ids", "x")
                .err()).contains("--pred-ids': expected one of [disk, train] but was 'x'");
        assertThat(CliRun.of("eval", "--data", "camvid:" + root.resolve("nope"), "--pred", pred.toString()).err())
                .contains(root.resolve("nope") + ": directory does not exist");
    }
    @Test
    void maximalFScoreOfTheBundledIsbiModelIsAtLeastTheDiceAtTheArgmax() throws Exception {
        Path root = SharedData.repoRoot();
        Path json = tmp.resolve("isbi.json");
        CliRun run = CliRun.of("eval", "--model", root.resolve("models/isbi-unet.seg4j").toString(), "--data",
                "folder:" + root.resolve("demo/isbi"), "--labels", "isbi", "--max-f-score", "cell",
                "--json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("maximal F-score of cell pixels: 0\\.[0-9]{4} at P\\(cell\\) > "
                + "0\\.[0-9]{2} \\(precision 0\\.[0-9]{4}, recall 0\\.[0-9]{4}\\); 1 - F = 0\\.[0-9]{4}");
        JsonNode m = new ObjectMapper().readTree(json.toFile());
        JsonNode f = m.get("maximalFScore");
        double fScore = f.get("fScore").asDouble();
        // P(cell) > 0.5 is the argmax of two classes and one of the thresholds tried, so the best F is at least
        // the Dice of the cell class in the confusion matrix, and F is the harmonic mean of its precision and recall
        assertThat(fScore).isGreaterThanOrEqualTo(m.get("perClass").get("cell").get("dice").asDouble() - 1e-6)
                .isLessThanOrEqualTo(1.0);
        double p = f.get("precision").asDouble();
        double r = f.get("recall").asDouble();
        assertThat(fScore).isCloseTo(2 * p * r / (p + r), within(1e-9));

        assertThat(CliRun.of("eval", "--model", root.resolve("models/isbi-unet.seg4j").toString(), "--data",
                "folder:" + root.resolve("demo/isbi"), "--labels", "isbi", "--max-f-score", "nucleus").err())
                .contains("--max-f-score: no class 'nucleus' in [membrane, cell]");
        assertThat(CliRun.of("eval", "--data", "folder:" + root.resolve("demo/isbi"), "--labels", "isbi",
                "--pred", tmp.toString(), "--max-f-score", "cell").err())
                .contains("--max-f-score needs --model");
    }
}

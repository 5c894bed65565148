package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.nn.io.Safetensors;
import org.seg4j.testing.SharedData;

/** train (task localization) -> localize -> eval --task localization, as a user runs them, on generated squares. */
class LocalizationCommandsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void trainLocalizeAndEvaluateATinyLocalizer() throws Exception {
        Path data = SquareImages.write(tmp.resolve("squares"), 10, 160, 128, 40, 60, 5);
        Path config = tmp.resolve("tiny.json");
        Files.writeString(config, """
                {"task": "localization",
                 "model": {"architecture": "localizer", "options": {"width": "4", "hidden": "16"}},
                 "data": {"train": "folder:%1$s", "trainSplit": "[0:8]", "val": "folder:%1$s", "valSplit": "[8:]",
                          "batchSize": 2, "workers": 1, "mean": [0.5, 0.5, 0.5], "std": [0.3, 0.3, 0.3]},
                 "localization": {"classes": ["foreground"], "boxesFromLabels": true, "positives": 6,
                                  "negatives": 6, "scales": [1.6, 1], "minScore": 0.3},
                 "schedule": {"optimizer": "adam", "lr": 0.01, "weightDecay": 0, "steps": 60, "seed": 3},
                 "validation": {"every": 30, "checkpointEvery": 30}}
                """.formatted(data));
        Path run = tmp.resolve("run");
        CliRun train = CliRun.of("train", "--config", config.toString(), "--run-dir", run.toString(),
                "--log-every", "30");
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("validation at step 60: AP50");
        JsonNode validation = MAPPER.readTree(run.resolve("validation.json").toFile());
        assertThat(validation.get("objects").asInt()).isEqualTo(2);
        assertThat(validation.get("AP50").asDouble()).isGreaterThan(0.5);

        Path out = tmp.resolve("boxes");
        CliRun localize = CliRun.of("localize", "--model", run.resolve("best.seg4j").toString(),
                data.resolve("image/9.png").toString(), "--out", out.toString(), "--heatmaps", "--combine", "max");
        assertThat(localize.exitCode()).as(localize.err()).isZero();
        JsonNode found = MAPPER.readTree(out.resolve("9.json").toFile());
        assertThat(found.get("detections")).hasSize(1);
        assertThat(found.get("detections").get(0).get("class").asText()).isEqualTo("foreground");
        assertThat(out.resolve("9_boxes.png")).exists();
        assertThat(out.resolve("9_heat_s1_a1_foreground.png")).exists();

        Path json = tmp.resolve("eval.json");
        CliRun eval = CliRun.of("eval", "--task", "localization", "--model", run.resolve("best.seg4j").toString(),
                "--data", "folder:" + data, "--split", "[8:]", "--class", "foreground", "--json", json.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("AP50: ").contains("localizationAccuracy: ");
        JsonNode metrics = MAPPER.readTree(json.toFile());
        assertThat(metrics.get("AP50").asDouble()).isEqualTo(validation.get("AP50").asDouble());
        assertThat(metrics.has("localizationAccuracy")).isTrue();

        // OverFeat's second option: the regressor trained on the fixed classifier
        Path regressorConfig = tmp.resolve("regressor.json");
        Files.writeString(regressorConfig, """
                {"extends": ["%s"],
                 "model": {"init": "%s"},
                 "localization": {"freeze": "classifier", "classWeight": 0},
                 "schedule": {"steps": 8}, "validation": {"every": 0}}
                """.formatted(config, run.resolve("best.seg4j")));
        Path second = tmp.resolve("regressor-run");
        CliRun regress = CliRun.of("train", "--config", regressorConfig.toString(), "--run-dir", second.toString());
        assertThat(regress.exitCode()).as(regress.err()).isZero();
        Safetensors before = Safetensors.read(run.resolve("best.seg4j"));
        Safetensors after = Safetensors.read(second.resolve("final.seg4j"));
        int regressorChanged = 0;
        for (String name : before.names()) {
            float[] a = before.tensor(name).toFloats();
            float[] b = after.tensor(name).toFloats();
            if (name.startsWith("regressor.")) {
                // (hidden units the joint run left dead keep zero gradients, so not every tensor need move)
                regressorChanged += java.util.Arrays.equals(a, b) ? 0 : 1;
            } else {
                assertThat(b).as(name).isEqualTo(a);
            }
        }
        assertThat(regressorChanged).isPositive();

        CliRun wrongClass = CliRun.of("eval", "--task", "localization", "--model",
                run.resolve("best.seg4j").toString(), "--data", "folder:" + data, "--class", "background");
        assertThat(wrongClass.exitCode()).isNotZero();
        assertThat(wrongClass.err()).contains("not 'background'");
    }

    @Test
    void localizeRefusesASegmentationModelAndATruncatedFile() throws Exception {
        Path unet = SharedData.repoRoot().resolve("models/camvid-unet.seg4j");
        Path image = SharedData.repoRoot().resolve("demo/camvid/val/0016E5_07959.png");
        CliRun wrong = CliRun.of("localize", "--model", unet.toString(), image.toString(), "--out",
                tmp.resolve("o").toString());
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.err()).contains("camvid-unet.seg4j").contains("holds a 'unet' model, expected 'localizer'");

        Path truncated = tmp.resolve("truncated.seg4j");
        byte[] bytes = Files.readAllBytes(unet);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CliRun cut = CliRun.of("localize", "--model", truncated.toString(), image.toString(), "--out",
                tmp.resolve("o").toString());
        assertThat(cut.exitCode()).isNotZero();
        assertThat(cut.err()).contains("truncated.seg4j").doesNotContain("Exception");
    }
}

package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.label.BuiltinLabelSpecs;
import org.seg4j.nn.io.BuildInfo;
import org.seg4j.nn.io.ModelFile;

/** The train -> report -> predict -> eval path as a user runs it, on a tiny U-Net and generated data. */
class TrainPredictReportTest {
    @TempDir
    Path tmp;

    @Test
    void trainReportPredictAndEvaluateATinyUnet() throws Exception {
        Path data = SquareImages.write(tmp.resolve("squares"), 12, 32, 32, 12, 12, 11);
        Path config = tmp.resolve("tiny.json");
        Files.writeString(config, """
                {"model": {"architecture": "unet", "options": {"base": "4", "depth": "2", "batch_norm": "true"}},
                 "data": {"train": "folder:%1$s", "trainSplit": "[0:9]", "val": "folder:%1$s", "valSplit": "[9:]",
                          "batchSize": 3, "workers": 1, "mean": [0.5, 0.5, 0.5], "std": [0.3, 0.3, 0.3]},
                 "schedule": {"optimizer": "adam", "lr": 0.01, "weightDecay": 0, "steps": 40, "seed": 2},
                 "validation": {"every": 20, "checkpointEvery": 20}}
                """.formatted(data));
        Path run = tmp.resolve("run");
        CliRun train = CliRun.of("train", "--config", config.toString(), "--run-dir", run.toString(), "--log-every", "20");
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("step 20/40").contains("validation at step 40").contains("model: ");
        // provenance: the card names the software that trained the model, and info --model shows it
        JsonNode software = ModelFile.read(run.resolve("best.seg4j")).card().provenance().training().path("software");
        assertThat(software.path("seg4j").asText()).isEqualTo(BuildInfo.version());
        assertThat(software.path("gitCommit").asText()).isEqualTo(BuildInfo.gitCommit());
        assertThat(software.path("djl").asText()).isEqualTo("0.35.1");
        assertThat(software.path("pytorch").asText()).isEqualTo("2.7.1");
        CliRun info = CliRun.of("info", "--model", run.resolve("best.seg4j").toString());
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("architecture     unet {base=4, batch_norm=true, depth=2}")
                .contains("trained with     seg4j " + BuildInfo.version() + " (git " + BuildInfo.gitCommit())
                .contains("DJL 0.35.1, PyTorch 2.7.1");
        JsonNode validation = new ObjectMapper().readTree(run.resolve("validation.json").toFile());
        assertThat(validation.get("mIoU").asDouble()).isGreaterThan(0.6);

        CliRun report = CliRun.of("report", run.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("<svg").contains("training loss").contains("Confusion matrix").contains("base64");

        // a model file reported with its training logs kept apart, as models/ and models/logs/ keep them
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        for (String f : new String[] {"config.json", "log.jsonl", "validation.json"}) {
            Files.copy(run.resolve(f), logs.resolve(f));
        }
        Path model = Files.copy(run.resolve("best.seg4j"), tmp.resolve("tiny.seg4j"));
        report = CliRun.of("report", logs.toString(), "--model", model.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        html = Files.readString(logs.resolve("report.html"));
        assertThat(html).contains("training loss").contains("Confusion matrix").contains(model.toString());
        // the model alone: the data from its card's config, no curves
        report = CliRun.of("report", "--model", model.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        html = Files.readString(tmp.resolve("tiny-report.html"));
        assertThat(html).contains("no training log given").contains("base64").doesNotContain("training loss");

        Path out = tmp.resolve("pred");
        CliRun predict = CliRun.of("predict", "--model", run.resolve("best.seg4j").toString(),
                data.resolve("image").toString(), "--out", out.toString(), "--probs");
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        assertThat(out.resolve("10.png")).exists();
        assertThat(out.resolve("10_overlay.jpg")).exists();
        assertThat(Files.size(out.resolve("10_probs.npy"))).isEqualTo(128 + 2L * 32 * 32 * 4);
        LabelMap predicted = ImageFiles.readLabels(out.resolve("10.png"));
        assertThat(predicted.width()).isEqualTo(32);
        // the palette is the binary spec's: foreground white
        assertThat(ImageFiles.readRgb(out.resolve("10.png")).rgbAt(0, 0))
                .isIn(BuiltinLabelSpecs.binary().color(0), BuiltinLabelSpecs.binary().color(1));

        Path json = tmp.resolve("eval.json");
        CliRun eval = CliRun.of("eval", "--model", run.resolve("best.seg4j").toString(), "--data", "folder:" + data,
                "--split", "[9:]", "--json", json.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode m = new ObjectMapper().readTree(json.toFile());
        assertThat(m.get("samples").asInt()).isEqualTo(3);
        double bestValidation = org.seg4j.nn.io.ModelFile.read(run.resolve("best.seg4j")).card().provenance().metrics()
                .get("mIoU").asDouble();
        assertThat(m.get("mIoU").asDouble()).isEqualTo(bestValidation);

        Path half = tmp.resolve("half.seg4j");
        CliRun convert = CliRun.of("convert", "--model", run.resolve("best.seg4j").toString(), "--out", half.toString(),
                "--float16");
        assertThat(convert.exitCode()).as(convert.err()).isZero();
        assertThat(Files.size(half)).isLessThan(Files.size(run.resolve("best.seg4j")));
        CliRun evalHalf = CliRun.of("eval", "--model", half.toString(), "--data", "folder:" + data, "--split", "[9:]");
        assertThat(evalHalf.exitCode()).as(evalHalf.err()).isZero();
        assertThat(evalHalf.out()).contains("mean IoU");

        CliRun resumeFinished = CliRun.of("train", "--resume", run.toString());
        assertThat(resumeFinished.exitCode()).as(resumeFinished.err()).isZero();
        CliRun both = CliRun.of("eval", "--model", "x.seg4j", "--pred", "y", "--data", "folder:" + data);
        assertThat(both.err()).contains("give exactly one of --pred DIR");
    }
}

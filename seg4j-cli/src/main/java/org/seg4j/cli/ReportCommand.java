package org.seg4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seg4j.BadInputException;
import org.seg4j.data.DatasetOptions;
import org.seg4j.data.Datasets;
import org.seg4j.data.SampleReader;
import org.seg4j.label.LabelSpec;
import org.seg4j.metrics.ConfusionMatrix;
import org.seg4j.metrics.PredictionFolderEvaluation;
import org.seg4j.metrics.SegmentationMetrics;
import org.seg4j.nn.infer.DatasetEvaluation;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;
import org.seg4j.nn.io.ModelFile;
import org.seg4j.nn.train.TrainConfig;
import org.seg4j.nn.train.TrainConfigFiles;
import org.seg4j.nn.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code seg4j report RUN}: a self-contained HTML page of a training run: loss and learning-rate curves, validation
 * curves, the last validation's per-class table and confusion matrix, and image | ground truth | prediction | errors
 * panels of the best model on the first validation images.
 *
 * <p>{@code --model FILE} reports that model instead of the run's own: {@code seg4j report models/logs/camvid-unet
 * --model models/camvid-unet.seg4j} reports a bundled model with its training logs (a run directory without models).
 * With {@code --model} alone there are no curves and no last validation: the data set comes from the training config
 * in the model's card, and the metrics are those of the pictured images.
 */
@Command(name = "report", description = "Write an HTML report of a training run or a model file (curves, per-class "
        + "IoU, confusion matrix, sample predictions).")
final class ReportCommand implements Runnable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN",
            description = "Training run directory, or the folder of a model's training logs (config.json, log.jsonl, "
                    + "validation.json) with --model.")
    Path run;

    @Option(names = "--model", paramLabel = "FILE",
            description = "The model to report (default: RUN's best.seg4j, else its final.seg4j).")
    Path model;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Report file (default RUN/report.html; with --model alone, FILE's name + -report.html).")
    Path out;

    @Option(names = "--samples", defaultValue = "4", description = "Validation images pictured (default ${DEFAULT-VALUE}).")
    int samples;

    @Override
    public void run() {
        PrintWriter console = spec.commandLine().getOut();
        if (run == null && model == null) {
            throw new BadInputException(null, "give a training run directory RUN, a model file --model FILE, or both");
        }
        Path modelFile = model != null ? model : runModel(run);
        List<JsonNode> log = run == null ? List.of() : readLog(run.resolve(TrainingRun.LOG));
        JsonNode validation = run == null ? null : readJson(run.resolve(TrainingRun.VALIDATION));
        TrainConfig config = run != null ? TrainConfigFiles.read(run.resolve(TrainingRun.CONFIG))
                : cardConfig(modelFile);
        if (config.task().equals(TrainConfig.LOCALIZATION)) {
            throw new BadInputException(run != null ? run : modelFile, "is a localization run; the report covers "
                    + "segmentation runs. Its log is " + TrainingRun.LOG + " and its last validation "
                    + TrainingRun.VALIDATION + "; score the model with seg4j eval --task localization and look at its "
                    + "boxes with seg4j localize");
        }
        List<String> sections = new ArrayList<>();
        if (run != null) {
            sections.add("<h2>Training</h2>" + curves(log));
        }
        Path target = out != null ? out : run != null ? run.resolve("report.html")
                : modelFile.resolveSibling(OutputNames.stem(modelFile) + "-report.html");
        try (SegmentationModel model = SegmentationModel.open(modelFile)) {
            LabelSpec labels = model.labels();
            if (validation != null && validation.has("confusion")) {
                sections.add(confusionTable(validation.get("confusion"), labels));
            }
            SampleReader reader = new SampleReader(Datasets.open(config.data().val() != null
                    ? config.data().val() : config.data().train(), new DatasetOptions(
                    config.data().val() != null ? config.data().valSplit() : config.data().trainSplit(), labels, null)),
                    SampleReader.OnBadSample.SKIP);
            Segmenter segmenter = Segmenter.of(model);
            List<PredictionFolderEvaluation.Kept> kept = new ArrayList<>();
            SegmentationMetrics pictured = DatasetEvaluation.run(segmenter::segment, reader, samples,
                    s -> kept.add(new PredictionFolderEvaluation.Kept(s.sample(), s.prediction().labels()))).metrics();
            SegmentationMetrics shown = validation != null ? fromConfusion(validation.get("confusion"), labels, pictured)
                    : pictured;
            List<String[]> facts = List.of(new String[] {"run", run != null ? run.toString() : "no training log given"},
                    new String[] {"architecture", config.model().architecture() + " " + config.model().options()},
                    new String[] {"training data", config.data().train() + " " + config.data().trainSplit()},
                    new String[] {"validation data", config.data().val() + " " + config.data().valSplit()},
                    new String[] {"model pictured", model != null ? modelFile.toString()
                            : modelFile.getFileName().toString()},
                    new String[] {"metrics", validation != null ? "last validation, step " + validation.path("step")
                            .asLong() : "the " + kept.size() + " pictured images"});
            new HtmlPage("seg4j training report: " + (run != null ? run : modelFile).getFileName())
                    .add(new HtmlEvalReport("Run", facts, shown, labels).html(kept, sections)).write(target);
        }
        console.println("wrote " + target);
        console.flush();
    }

    /** The training config a model's card records (which names the data sets). */
    private static TrainConfig cardConfig(Path modelFile) {
        JsonNode config = ModelFile.read(modelFile).card().provenance().training().path("config");
        if (!config.isObject()) {
            throw new BadInputException(modelFile, "its card records no training config to find the data in; give "
                    + "the folder of its training logs (RUN, with config.json) too");
        }
        return TrainConfigFiles.fromJson(config, modelFile);
    }

    /** The run's best model, else its final one. */
    private static Path runModel(Path run) {
        Path modelFile = Files.exists(run.resolve(TrainingRun.BEST)) ? run.resolve(TrainingRun.BEST)
                : run.resolve(TrainingRun.FINAL);
        if (!Files.exists(modelFile)) {
            throw new BadInputException(run, "has no model (" + TrainingRun.BEST + " or " + TrainingRun.FINAL
                    + "): the run has not validated or finished; or give the model with --model FILE");
        }
        return modelFile;
    }

    private static SegmentationMetrics fromConfusion(JsonNode rows, LabelSpec labels, SegmentationMetrics fallback) {
        if (rows == null) {
            return fallback;
        }
        ConfusionMatrix cm = new ConfusionMatrix(labels.numClasses(), labels.ignoreIndex());
        int n = labels.numClasses();
        for (int g = 0; g < n; g++) {
            for (int p = 0; p < n; p++) {
                cm.add(g, p, rows.get(g).get(p).asLong());
            }
            cm.add(g, -1, rows.get(g).path(n).asLong(0));
        }
        return SegmentationMetrics.of(cm, labels);
    }

    private static String curves(List<JsonNode> log) {
        List<double[]> steps = new ArrayList<>();
        List<double[]> vals = new ArrayList<>();
        for (JsonNode e : log) {
            switch (e.path("event").asText()) {
                case "step" -> steps.add(new double[] {e.get("step").asDouble(), e.path("loss").asDouble(),
                    e.path("lr").asDouble(), e.path("imagesPerSecond").asDouble()});
                case "validation" -> vals.add(new double[] {e.get("step").asDouble(), e.path("mIoU").asDouble(Double.NaN),
                    e.path("pixelAccuracy").asDouble(Double.NaN), e.path("meanAccuracy").asDouble(Double.NaN)});
                default -> { }
            }
        }
        StringBuilder h = new StringBuilder("<div style=\"display:flex;flex-wrap:wrap;gap:1em\">");
        h.append(new SvgLineChart("training loss", "step").add("loss", "#c0392b", column(steps, 0), column(steps, 1))
                .svg(520, 260));
        h.append(new SvgLineChart("learning rate", "step").add("lr", "#2c3e50", column(steps, 0), column(steps, 2))
                .svg(520, 260));
        h.append(new SvgLineChart("validation", "step").add("mIoU", "#2e86c1", column(vals, 0), column(vals, 1))
                .add("pixel accuracy", "#27ae60", column(vals, 0), column(vals, 2))
                .add("mean accuracy", "#8e44ad", column(vals, 0), column(vals, 3)).svg(520, 260));
        h.append(new SvgLineChart("throughput", "step").add("images/s", "#d35400", column(steps, 0), column(steps, 3))
                .svg(520, 260));
        return h.append("</div>").toString();
    }

    private static double[] column(List<double[]> rows, int c) {
        return rows.stream().mapToDouble(r -> r[c]).toArray();
    }

    private static String confusionTable(JsonNode rows, LabelSpec labels) {
        int n = labels.numClasses();
        StringBuilder h = new StringBuilder("<h2>Confusion matrix (last validation; rows: ground truth, columns: "
                + "prediction, shade: share of the row)</h2><table style=\"font-size:.8em\"><tr><th></th>");
        for (int p = 0; p < n; p++) {
            h.append("<th>").append(HtmlPage.esc(labels.className(p))).append("</th>");
        }
        h.append("</tr>");
        for (int g = 0; g < n; g++) {
            long total = 0;
            for (int p = 0; p < n; p++) {
                total += rows.get(g).get(p).asLong();
            }
            h.append("<tr><th class=\"l\">").append(HtmlPage.esc(labels.className(g))).append("</th>");
            for (int p = 0; p < n; p++) {
                long v = rows.get(g).get(p).asLong();
                double share = total == 0 ? 0 : (double) v / total;
                int shade = (int) Math.round(255 - 200 * share);
                h.append(String.format(Locale.ROOT, "<td style=\"background:rgb(%d,%d,255)\" title=\"%d px\">%.1f%%</td>",
                        shade, shade, v, 100 * share));
            }
            h.append("</tr>");
        }
        return h.append("</table>").toString();
    }


    private static List<JsonNode> readLog(Path file) {
        if (!Files.exists(file)) {
            throw new BadInputException(file.getParent(), "is not a training run directory (no " + file.getFileName()
                    + ")");
        }
        List<JsonNode> out = new ArrayList<>();
        try {
            int lineNo = 0;
            for (String line : Files.readAllLines(file)) {
                lineNo++;
                if (!line.isBlank()) {
                    try {
                        out.add(MAPPER.readTree(line));
                    } catch (IOException e) {
                        throw new BadInputException(file, "line " + lineNo + " is not JSON (a run killed mid-line "
                                + "leaves at most its last line broken)");
                    }
                }
            }
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage());
        }
        return out;
    }

    private static JsonNode readJson(Path file) {
        try {
            return Files.exists(file) ? MAPPER.readTree(file.toFile()) : null;
        } catch (IOException e) {
            throw new BadInputException(file, "malformed JSON: " + e.getMessage());
        }
    }
}

package org.seg4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.seg4j.BadInputException;
import org.seg4j.data.SampleReader;
import org.seg4j.data.SegmentationDataset;
import org.seg4j.image.RgbImage;
import org.seg4j.io.AtomicFiles;
import org.seg4j.label.LabelSpec;
import org.seg4j.metrics.MaximalFScore;
import org.seg4j.metrics.MetricsReport;
import org.seg4j.metrics.PredictionFolderEvaluation;
import org.seg4j.metrics.PredictionFolderEvaluation.PredictionIds;
import org.seg4j.metrics.SegmentationMetrics;
import org.seg4j.nn.infer.DatasetEvaluation;
import org.seg4j.nn.infer.Prediction;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seg4j eval --data KIND:PATH --pred DIR}: scores a folder of prediction PNGs against a data set. */
@Command(name = "eval", description = "Score a model, or a folder of prediction label PNGs (named as the data set's "
        + "samples), against a data set.")
final class EvalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--pred", paramLabel = "DIR", description = "Folder of prediction PNGs <id>.png (or use --model).")
    Path pred;

    @Mixin
    ModelOptions model;

    @Option(names = "--limit", defaultValue = "0", description = "With --model: score at most N samples (0 = all).")
    int limit;

    @Option(names = "--pred-ids", defaultValue = "disk", paramLabel = "disk|train",
            description = "Prediction values are on-disk ids like the data set's label files (disk, default) "
                    + "or training ids as seg4j writes them (train).")
    PredictionIds predIds;

    @Option(names = "--task", defaultValue = "segmentation", paramLabel = "segmentation|localization",
            description = "What the model does: per-pixel labels (default) or object localization (AP50 and "
                    + "localization accuracy).")
    Task task;

    /** What an evaluated model does. */
    enum Task { SEGMENTATION, LOCALIZATION }

    @Option(names = "--class", paramLabel = "NAME",
            description = "Localization: box the connected components of this class in the data set's labels "
                    + "(repeatable; e.g. Car on CamVid). Without it, the data set's own boxes (VOC, COCO).")
    List<String> classes;

    @Option(names = "--min-area", paramLabel = "PIXELS",
            description = "Localization: smallest connected component boxed (default: the model's training value).")
    Integer minArea;

    @Mixin
    LocalizerOptions localization;

    @Option(names = "--max-f-score", paramLabel = "CLASS",
            description = "With --model: also the best F-score of CLASS's pixels over thresholds 0, 0.01, ..., 1 of "
                    + "its probability; 1 - F is the ISBI 2012 challenge's pixel error with CLASS = cell.")
    String maxFScoreClass;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the metrics as JSON.")
    Path json;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write an HTML report.")
    Path report;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (task == Task.LOCALIZATION) {
            new LocalizationEval(data, model, localization, classes, minArea, limit, json).run(out);
            return;
        }
        if ((pred == null) == (model.model == null)) {
            throw new BadInputException(null, "give exactly one of --pred DIR (a folder of predictions) and "
                    + "--model FILE (a model to run)");
        }
        if (maxFScoreClass != null && model.model == null) {
            throw new BadInputException(null, "--max-f-score needs --model (it thresholds the model's probabilities)");
        }
        int keep = report == null ? 0 : 6;
        Outcome outcome;
        MaximalFScore fScore = null;
        SampleReader reader = data.reader();
        int size = reader.dataset().size();
        if (pred != null) {
            try (WorkProgress progress = WorkProgress.of(out, "eval", size, Math.max(1, size / 20))) {
                outcome = evaluate(reader, pred, predIds, model.threads, keep, () -> progress.step(""));
            }
        } else {
            int total = limit > 0 ? Math.min(limit, size) : size;
            try (SegmentationModel m = model.open();
                    WorkProgress progress = WorkProgress.of(out, "eval", total, Math.max(1, total / 20))) {
                LabelSpec labels = reader.dataset().labelSpec();
                model.requireClassesOf(m, labels);
                fScore = maxFScoreClass == null ? null
                        : MaximalFScore.percentSteps(classIndex(labels, maxFScoreClass), labels.ignoreIndex());
                MaximalFScore counter = fScore;
                int[] scoredSoFar = {0};
                Segmenter segmenter = model.segmenter(m);
                outcome = evaluate(reader, model.model.toString(), image -> segmenter.segment(image, counter != null),
                        limit, keep, s -> {
                            if (counter != null) {
                                counter.accumulate(s.sample().label(), s.prediction().probabilities());
                            }
                            progress.stepTo(++scoredSoFar[0] + reader.skipped(), "");
                        });
            }
        }
        outcome.print(out);
        ObjectNode jsonRoot = outcome.json();
        if (fScore != null) {
            MaximalFScore.Best best = fScore.best();
            out.printf("maximal F-score of %s pixels: %.4f at P(%s) > %.2f (precision %.4f, recall %.4f); "
                    + "1 - F = %.4f%n", maxFScoreClass, best.fScore(), maxFScoreClass, best.threshold(),
                    best.precision(), best.recall(), 1 - best.fScore());
            ObjectNode f = jsonRoot.putObject("maximalFScore");
            f.put("class", maxFScoreClass);
            f.put("fScore", best.fScore());
            f.put("threshold", best.threshold());
            f.put("precision", best.precision());
            f.put("recall", best.recall());
        }
        if (json != null) {
            AtomicFiles.writeString(json, jsonRoot.toPrettyString() + "\n");
            out.println("wrote " + json);
        }
        if (report != null) {
            outcome.writeHtml(report, "seg4j evaluation");
            out.println("wrote " + report);
        }
        out.flush();
    }

    /**
     * An evaluation's metrics with what is needed to print, save and picture them.
     *
     * @param source what was scored: the prediction folder or the model file
     */
    record Outcome(SegmentationDataset dataset, String source, int scored, int skipped,
            List<PredictionFolderEvaluation.Kept> kept, SegmentationMetrics metrics, MetricsReport report) {
        /** The metrics table and the number of samples scored and skipped, as the eval commands print them. */
        void print(PrintWriter out) {
            out.print(report.toText());
            out.printf("samples scored: %d%s%n", scored, skipped > 0 ? ", skipped: " + skipped : "");
        }

        ObjectNode json() {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("data", dataset.name());
            root.put("predictions", source);
            root.put("samples", scored);
            root.put("skipped", skipped);
            root.setAll(report.toJson());
            return root;
        }

        void writeHtml(Path file, String title) {
            new HtmlPage(title).add(html("Evaluation")).write(file);
        }

        /** The evaluation as a block of a page. */
        String html(String heading) {
            List<String[]> facts = List.of(new String[] {"data set", dataset.name()},
                    new String[] {"predictions", source},
                    new String[] {"samples scored", scored + (skipped > 0 ? " (" + skipped + " skipped)" : "")},
                    new String[] {"label spec", dataset.labelSpec().name() + ", " + dataset.labelSpec().numClasses()
                            + " classes, ignore " + dataset.labelSpec().ignoreIndex()});
            return new HtmlEvalReport(heading, facts, metrics, dataset.labelSpec()).html(kept, List.of());
        }
    }

    /** Scores a folder of prediction PNGs; {@code afterEach} runs after each sample scored or skipped. */
    static Outcome evaluate(SampleReader reader, Path predictions, PredictionIds ids, int threads, int keep,
            Runnable afterEach) {
        PredictionFolderEvaluation.Result result = new PredictionFolderEvaluation(reader, predictions, ids)
                .run(Math.max(1, threads), keep, afterEach);
        SegmentationDataset ds = reader.dataset();
        SegmentationMetrics metrics = SegmentationMetrics.of(result.confusion(), ds.labelSpec().classNames());
        return new Outcome(ds, predictions.toString(), result.scored(), result.skipped(), result.kept(), metrics,
                new MetricsReport(metrics));
    }

    /** The index of a class named on the command line. */
    private static int classIndex(LabelSpec labels, String name) {
        int index = labels.classNames().indexOf(name);
        if (index < 0) {
            throw new BadInputException(null, "--max-f-score: no class '" + name + "' in " + labels.classNames());
        }
        return index;
    }

    /** Scores a model, predicting every sample at full resolution; {@code each} also sees every scored sample. */
    static Outcome evaluate(SampleReader reader, String modelName, Function<RgbImage, Prediction> predictor,
            int limit, int keep, Consumer<DatasetEvaluation.Scored> each) {
        List<PredictionFolderEvaluation.Kept> kept = new ArrayList<>();
        int[] scored = {0};
        SegmentationMetrics metrics = DatasetEvaluation.run(predictor, reader, limit, s -> {
            each.accept(s);
            scored[0]++;
            if (kept.size() < keep) {
                kept.add(new PredictionFolderEvaluation.Kept(s.sample(), s.prediction().labels()));
            }
        }).metrics();
        return new Outcome(reader.dataset(), modelName, scored[0], reader.skipped(), kept, metrics,
                new MetricsReport(metrics));
    }
}

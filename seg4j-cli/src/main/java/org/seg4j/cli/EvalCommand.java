package org.seg4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.seg4j.data.SampleReader;
import org.seg4j.data.SegmentationDataset;
import org.seg4j.io.AtomicFiles;
import org.seg4j.metrics.MetricsReport;
import org.seg4j.metrics.SegmentationMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seg4j eval --data KIND:PATH --pred DIR}: scores a folder of prediction PNGs against a data set. */
@Command(name = "eval", description = "Score a folder of prediction label PNGs (named as the data set's samples).")
final class EvalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--pred", required = true, paramLabel = "DIR", description = "Folder of prediction PNGs <id>.png.")
    Path pred;

    @Option(names = "--pred-ids", defaultValue = "disk", paramLabel = "disk|train",
            description = "Prediction values are on-disk ids like the data set's label files (disk, default) "
                    + "or training ids as seg4j writes them (train).")
    String predIds;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the metrics as JSON.")
    Path json;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write an HTML report.")
    Path report;

    @Option(names = "--threads", defaultValue = "2", description = "Threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PredictionFolderEvaluation.PredictionIds ids = parseIds(predIds);
        Outcome outcome = evaluate(data.reader(), pred, ids, threads, report == null ? 0 : 6);
        out.print(outcome.report().toText());
        out.printf("samples scored: %d%s%n", outcome.result().scored(),
                outcome.result().skipped() > 0 ? ", skipped: " + outcome.result().skipped() : "");
        if (json != null) {
            AtomicFiles.writeString(json, outcome.json().toPrettyString() + "\n");
            out.println("wrote " + json);
        }
        if (report != null) {
            outcome.writeHtml(report, "seg4j evaluation");
            out.println("wrote " + report);
        }
        out.flush();
    }

    static PredictionFolderEvaluation.PredictionIds parseIds(String value) {
        return switch (value) {
            case "disk" -> PredictionFolderEvaluation.PredictionIds.DISK;
            case "train" -> PredictionFolderEvaluation.PredictionIds.TRAIN;
            default -> throw new org.seg4j.BadInputException(null, "--pred-ids must be disk or train, got '" + value + "'");
        };
    }

    /** An evaluation's metrics with what is needed to print, save and picture them. */
    record Outcome(SegmentationDataset dataset, Path predictions, PredictionFolderEvaluation.Result result,
            SegmentationMetrics metrics, MetricsReport report) {
        ObjectNode json() {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("data", dataset.name());
            root.put("predictions", predictions.toString());
            root.put("samples", result.scored());
            root.put("skipped", result.skipped());
            root.setAll(report.toJson());
            return root;
        }

        void writeHtml(Path file, String title) {
            List<String[]> facts = List.of(new String[] {"data set", dataset.name()},
                    new String[] {"predictions", predictions.toString()},
                    new String[] {"samples scored", result.scored() + (result.skipped() > 0
                            ? " (" + result.skipped() + " skipped)" : "")},
                    new String[] {"label spec", dataset.labelSpec().name() + ", " + dataset.labelSpec().numClasses()
                            + " classes, ignore " + dataset.labelSpec().ignoreIndex()});
            new HtmlEvalReport(title, facts, metrics, dataset.labelSpec()).write(file, result.kept());
        }
    }

    static Outcome evaluate(SampleReader reader, Path predictions, PredictionFolderEvaluation.PredictionIds ids,
            int threads, int keep) {
        PredictionFolderEvaluation.Result result = new PredictionFolderEvaluation(reader, predictions, ids)
                .run(Math.max(1, threads), keep);
        SegmentationDataset ds = reader.dataset();
        SegmentationMetrics metrics = SegmentationMetrics.of(result.confusion(), ds.labelSpec().classNames());
        return new Outcome(ds, predictions, result, metrics, new MetricsReport(metrics));
    }
}

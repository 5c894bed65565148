package org.seg4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.seg4j.data.SampleReader;
import org.seg4j.io.AtomicFiles;
import org.seg4j.metrics.MetricsReport;
import org.seg4j.spark.SparkEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seg4j spark eval --model FILE --data KIND:PATH --split S}: scores a model with Spark; prints what
 * {@code seg4j eval} prints, from the same confusion matrix.
 */
@Command(name = "eval", description = "Score a model against a data set with Spark (same metrics as seg4j eval).")
final class SparkEvalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    ModelOptions model;

    @Mixin
    SparkOptions spark;

    @Option(names = "--partitions", defaultValue = "0", description = "Tasks sharing the samples (default: 4 per "
            + "core of the cluster).")
    int partitions;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the metrics as JSON.")
    Path json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        SparkOptions.requireSeg4jModel(model);
        var options = spark.segmentOptions(model);
        SampleReader.OnBadSample policy = data.onBadSample;
        SparkEvaluation.Result result = spark.run("seg4j spark eval", session -> SparkEvaluation.run(session,
                data.source(), model.model.toString(), options, policy,
                partitions > 0 ? partitions : 4 * session.sparkContext().defaultParallelism()));
        EvalCommand.Outcome outcome = new EvalCommand.Outcome(result.dataset(), model.model.toString(),
                result.scored(), result.skipped().size(), List.of(), result.metrics(),
                new MetricsReport(result.metrics()));
        outcome.print(out);
        if (json != null) {
            AtomicFiles.writeString(json, outcome.json().toPrettyString() + "\n");
            out.println("wrote " + json);
        }
        out.flush();
    }
}

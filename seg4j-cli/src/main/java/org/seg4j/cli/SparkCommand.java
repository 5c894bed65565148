package org.seg4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code seg4j spark predict|eval}: the Spark jobs of seg4j-spark, in local mode or on a standalone master. */
@Command(name = "spark", description = "Segment or evaluate with Apache Spark (local mode or a spark:// master).",
        subcommands = {SparkPredictCommand.class, SparkEvalCommand.class})
final class SparkCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

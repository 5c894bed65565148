package org.seg4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.seg4j.BadInputException;
import org.seg4j.nn.model.ModelRegistry;
import org.seg4j.nn.train.TrainingListener;
import org.seg4j.nn.train.TrainingRun;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seg4j train --config FILE [--run-dir DIR]} or {@code seg4j train --resume RUN}. */
@Command(name = "train", description = "Train a segmentation network from a config, or resume a run.")
final class TrainCommand implements Runnable {
    @Spec
    CommandSpec spec;

    static final class Start {
        @Option(names = "--config", required = true, paramLabel = "FILE",
                description = "Training config (JSON; files compose through \"extends\"). See configs/.")
        Path config;

        @Option(names = "--run-dir", paramLabel = "DIR",
                description = "Run directory (default: runs/<config name>-<date-time>).")
        Path runDir;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    static final class Choice {
        @ArgGroup(exclusive = false)
        Start start;

        @Option(names = "--resume", paramLabel = "RUN", description = "Continue the run in this directory from its "
                + "last checkpoint.")
        Path resume;
    }

    @Option(names = "--log-every", defaultValue = "10", description = "Progress line every N steps when the output "
            + "is not a terminal (default ${DEFAULT-VALUE}).")
    long logEvery;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try (TrainingProgress progress = new TrainingProgress(out, System.console() != null, logEvery);
                TrainingRun run = open(List.of(progress))) {
            out.println("run directory: " + run.directory());
            out.flush();
            StopOnTermination.during(run::requestStop, () -> {
                TrainingRun.Outcome outcome;
                try {
                    outcome = run.run();
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(run.directory().resolve(TrainingRun.CONFIG), e.getMessage());
                }
                if (outcome.stopped()) {
                    out.println("stopped at step " + outcome.step() + " on a termination signal; continue with: "
                            + "seg4j train --resume " + run.directory());
                } else {
                    out.println("model: " + outcome.model());
                }
                out.flush();
            });
        }
        out.flush();
    }

    private TrainingRun open(List<TrainingListener> listeners) {
        ModelRegistry registry = ModelRegistry.standard();
        if (choice.resume != null) {
            return TrainingRun.resume(choice.resume, registry, listeners);
        }
        Path dir = choice.start.runDir != null ? choice.start.runDir : defaultRunDir(choice.start.config);
        return TrainingRun.create(choice.start.config, dir, registry, listeners);
    }

    private static Path defaultRunDir(Path config) {
        String name = config.getFileName().toString().replaceFirst("\\.json$", "");
        return Path.of("runs", name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}

package org.seg4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.seg4j.BadInputException;
import org.seg4j.data.DatasetOptions;
import org.seg4j.data.Datasets;
import org.seg4j.data.SampleReader;
import org.seg4j.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seg4j demo}: scores the bundled baseline predictions on the bundled CamVid validation images
 * ({@code demo/} in the repository) and writes an HTML report and the metrics JSON.
 */
@Command(name = "demo", description = "Evaluate the bundled sample predictions on bundled CamVid images; write a report.")
final class DemoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "seg4j-out/demo", paramLabel = "DIR",
            description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--home", paramLabel = "DIR", description = "seg4j checkout holding demo/ (default: found "
            + "from the launcher or the working directory).")
    Path home;

    @Override
    public void run() {
        PrintWriter console = spec.commandLine().getOut();
        Path demo = demoFolder();
        Path predictions = demo.resolve("predictions/colour-position-baseline");
        console.println("seg4j demo: scoring the colour/position baseline's predictions on 4 CamVid val images");
        console.println("  data:        " + demo.resolve("camvid"));
        console.println("  predictions: " + predictions + " (see demo/README.md for how they were made)");
        SampleReader reader = new SampleReader(Datasets.open("camvid:" + demo.resolve("camvid"),
                DatasetOptions.split("val")), SampleReader.OnBadSample.FAIL);
        EvalCommand.Outcome outcome = EvalCommand.evaluate(reader, predictions,
                PredictionFolderEvaluation.PredictionIds.DISK, 2, 4);
        console.println();
        console.print(outcome.report().toText());
        Path html = out.resolve("report.html");
        Path json = out.resolve("metrics.json");
        outcome.writeHtml(html, "seg4j demo: colour/position baseline on CamVid val (4 images)");
        AtomicFiles.writeString(json, outcome.json().toPrettyString() + "\n");
        console.println();
        console.println("report:  " + html.toAbsolutePath());
        console.println("metrics: " + json.toAbsolutePath());
        console.flush();
    }

    private Path demoFolder() {
        Path root = home != null ? home : Path.of(System.getProperty("seg4j.home", "."));
        Path demo = root.resolve("demo");
        if (!Files.isDirectory(demo.resolve("camvid"))) {
            throw new BadInputException(demo, "bundled demo data not found; run from the seg4j checkout or pass --home");
        }
        return demo;
    }
}

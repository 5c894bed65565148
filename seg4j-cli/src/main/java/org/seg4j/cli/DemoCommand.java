package org.seg4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.seg4j.BadInputException;
import org.seg4j.data.DatasetOptions;
import org.seg4j.data.Datasets;
import org.seg4j.data.SampleReader;
import org.seg4j.image.ImageFiles;
import org.seg4j.io.AtomicFiles;
import org.seg4j.label.BuiltinLabelSpecs;
import org.seg4j.metrics.PredictionFolderEvaluation;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seg4j demo}: runs the bundled ISBI 2012 U-Net ({@code models/isbi-unet.seg4j}) on two bundled validation
 * slices and the bundled CamVid U-Net ({@code models/camvid-unet.seg4j}) on four bundled CamVid validation images,
 * scores both against their labels, runs the bundled car localizer ({@code models/camvid-car-localizer.seg4j}) on the
 * CamVid images and scores its boxes, scores a naive colour/position baseline on the same CamVid images for contrast,
 * and writes the predictions, {@code metrics.json} and one HTML report. Everything comes from the repository's
 * {@code demo/} and {@code models/} folders; nothing is downloaded.
 */
@Command(name = "demo", description = "Run the bundled models on bundled images, score them, write an HTML report.")
final class DemoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "out/demo", paramLabel = "DIR",
            description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--home", paramLabel = "DIR", description = "seg4j checkout holding demo/ and models/ (default: "
            + "found from the launcher or the working directory).")
    Path home;

    @Override
    public void run() {
        PrintWriter console = spec.commandLine().getOut();
        Path root = home != null ? home : Path.of(System.getProperty("seg4j.home", "."));
        Path demo = require(root.resolve("demo"), "camvid");
        require(demo, "isbi");
        HtmlPage page = new HtmlPage("seg4j demo");
        ObjectNode metrics = new ObjectMapper().createObjectNode();

        SampleReader isbiSlices = new SampleReader(Datasets.open("folder:" + demo.resolve("isbi"),
                DatasetOptions.split(null).withLabels(BuiltinLabelSpecs.isbi())), SampleReader.OnBadSample.FAIL);
        EvalCommand.Outcome isbi = runModel(root.resolve("models/isbi-unet.seg4j"), isbiSlices, "isbi", console);
        console.printf("pixel error: %.4f%n", 1 - isbi.metrics().pixelAccuracy());
        page.add(isbi.html("ISBI 2012 membranes: the bundled U-Net on validation slices 20-21"));
        metrics.set("isbi", isbi.json());

        String camvidData = "camvid:" + demo.resolve("camvid");
        EvalCommand.Outcome camvid = runModel(root.resolve("models/camvid-unet.seg4j"),
                new SampleReader(Datasets.open(camvidData, DatasetOptions.split("val")), SampleReader.OnBadSample.FAIL),
                "camvid", console);
        page.add(camvid.html("CamVid: the bundled U-Net on 4 val images"));
        metrics.set("camvid", camvid.json());

        page.add(DemoLocalization.run(root.resolve("models/camvid-car-localizer.seg4j"), camvidData, out, metrics,
                console));

        Path predictions = demo.resolve("predictions/colour-position-baseline");
        console.println();
        console.println("CamVid, for contrast: a naive colour/position baseline's predictions on the same images");
        console.println("  predictions: " + predictions + " (see demo/README.md for how they were made)");
        EvalCommand.Outcome baseline = EvalCommand.evaluate(new SampleReader(Datasets.open(camvidData,
                DatasetOptions.split("val")), SampleReader.OnBadSample.FAIL), predictions,
                PredictionFolderEvaluation.PredictionIds.DISK, 2, 4, () -> { });
        console.print(baseline.report().toText());
        page.add(baseline.html("CamVid: a naive-Bayes colour/position baseline on the same 4 images"));
        metrics.set("camvidBaseline", baseline.json());

        Path html = out.resolve("report.html");
        page.write(html);
        AtomicFiles.writeString(out.resolve("metrics.json"), metrics.toPrettyString() + "\n");
        console.println();
        console.println("predictions: " + out.resolve("isbi").toAbsolutePath() + ", " + out.resolve("camvid").toAbsolutePath());
        console.println("metrics:     " + out.resolve("metrics.json").toAbsolutePath());
        console.println("report:      " + html.toAbsolutePath() + "  (open it in a browser)");
        console.flush();
    }

    /** Runs a bundled model over every sample at its input scale, writes its label PNGs to {@code out/name}, scores it. */
    private EvalCommand.Outcome runModel(Path modelFile, SampleReader reader, String name, PrintWriter console) {
        if (!Files.isRegularFile(modelFile)) {
            throw new BadInputException(modelFile, "bundled model not found; run from the seg4j checkout or pass --home");
        }
        int samples = reader.dataset().size();
        console.println();
        console.printf("%s: the bundled model %s on %d images%n", reader.dataset().name(), modelFile.getFileName(),
                samples);
        try (SegmentationModel model = SegmentationModel.open(modelFile)) {
            Segmenter segmenter = Segmenter.of(model);
            EvalCommand.Outcome outcome = EvalCommand.evaluate(reader, modelFile.toString(), image -> {
                long t0 = System.nanoTime();
                var p = segmenter.segment(image);
                console.printf("  %dx%d image predicted in %.0f ms%n", image.width(), image.height(),
                        (System.nanoTime() - t0) / 1e6);
                return p;
            }, 0, samples, scored -> { });
            for (PredictionFolderEvaluation.Kept k : outcome.kept()) {
                ImageFiles.writeLabelPng(out.resolve(name + "/" + k.sample().id() + ".png"), k.prediction(),
                        model.labels().palette());
            }
            console.print(outcome.report().toText());
            return outcome;
        }
    }

    private static Path require(Path dir, String child) {
        if (!Files.isDirectory(dir.resolve(child))) {
            throw new BadInputException(dir, "bundled demo data not found; run from the seg4j checkout or pass --home");
        }
        return dir;
    }
}

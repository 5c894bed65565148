package org.seg4j.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.seg4j.BadInputException;
import org.seg4j.box.ConnectedComponents;
import org.seg4j.box.ObjectBox;
import org.seg4j.box.ScoredBox;
import org.seg4j.data.ComponentBoxDataset;
import org.seg4j.data.DatasetOptions;
import org.seg4j.data.Datasets;
import org.seg4j.data.SampleReader;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.RgbImage;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.localize.LocalizationEvaluation;
import org.seg4j.nn.localize.LocalizerModel;
import org.seg4j.render.Rendering;

/**
 * The demo's localization part: the bundled CamVid car localizer on the bundled CamVid images, scored against the
 * boxes of their Car components; writes each image with ground truth (white) and detections (the class colour).
 */
final class DemoLocalization {
    /** Detections drawn: those at least this likely (the pictures would drown in low-scoring boxes). */
    private static final double DRAWN_SCORE = 0.9;

    private DemoLocalization() {
    }

    /** Runs it; returns the page section and puts the metrics in {@code metrics}. */
    static String run(Path modelFile, String camvidData, Path out, ObjectNode metrics, PrintWriter console) {
        if (!Files.isRegularFile(modelFile)) {
            throw new BadInputException(modelFile, "bundled model not found; run from the seg4j checkout or pass --home");
        }
        StringBuilder h = new StringBuilder("<h2>CamVid: the bundled car localizer (OverFeat) on the same images</h2>"
                + "<p class=\"cap\">White: boxes of the Car components of the labels; coloured: detections with "
                + "probability at least " + DRAWN_SCORE + " (all detections count for AP).</p>"
                + "<div class=\"panel\">");
        try (NDManager manager = NDManager.newBaseManager(); LocalizerModel model = LocalizerModel.open(modelFile,
                manager)) {
            LabelSpec labels = model.card().labels();
            int minArea = model.trainedMinArea(100);
            SampleReader reader = new SampleReader(ComponentBoxDataset.forClasses(Datasets.open(camvidData,
                    DatasetOptions.split("val")), labels.classNames().subList(1, labels.numClasses()),
                    ConnectedComponents.Connectivity.EIGHT, minArea), SampleReader.OnBadSample.FAIL);
            console.println();
            console.printf("%s: the bundled localizer %s%n", reader.dataset().name(), modelFile.getFileName());
            LocalizationEvaluation.Result result = LocalizationEvaluation.run(model.localizer(model.trainedOptions()),
                    labels, reader, LocalizationEvaluation.classMapping(reader.dataset().labelSpec(), labels), 0,
                    manager, (sample, detections) -> {
                        RgbImage drawn = sample.image().copy();
                        for (ObjectBox o : sample.boxes()) {
                            Rendering.drawBox(drawn, o.box(), 0xFFFFFF);
                        }
                        for (ScoredBox d : detections) {
                            if (d.score() >= DRAWN_SCORE) {
                                Rendering.drawBox(drawn, d.box(), labels.color(d.classId()));
                            }
                        }
                        ImageFiles.writeRgb(out.resolve("localize/" + sample.id() + "_boxes.png"), drawn);
                        h.append("<div>");
                        HtmlEvalReport.img(h, drawn);
                        h.append(String.format(Locale.ROOT, "<div class=\"cap\">%s: %d objects, %d detections%s"
                                + "</div></div>", HtmlPage.esc(sample.id()), sample.boxes().size(), detections.size(),
                                detections.isEmpty() ? "" : String.format(Locale.ROOT, ", best %.2f",
                                        detections.get(0).score())));
                        console.printf(Locale.ROOT, "  %s: %d objects, %d detections, %d with p >= %.1f%n",
                                sample.id(), sample.boxes().size(), detections.size(),
                                detections.stream().filter(d -> d.score() >= DRAWN_SCORE).count(), DRAWN_SCORE);
                    });
            console.printf(Locale.ROOT, "AP50 %.4f, localization accuracy %.4f (%d of %d images) on these %d "
                    + "images%n", result.ap().map(), result.localization().accuracy(), result.localization().correct(),
                    result.localization().images(), result.images());
            metrics.set("camvidLocalizer", result.toJson());
            h.append("</div>").append(String.format(Locale.ROOT, "<p>AP50 <b>%.4f</b>, localization accuracy "
                    + "<b>%.4f</b> on these %d images (%d objects). Full val figures: docs/results.md.</p>",
                    result.ap().map(), result.localization().accuracy(), result.images(), result.objects()));
        }
        return h.toString();
    }
}

package org.seg4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.seg4j.box.ScoredBox;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.io.AtomicFiles;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.localize.DetectionsJson;
import org.seg4j.nn.localize.Localizer;
import org.seg4j.nn.localize.LocalizerModel;
import org.seg4j.nn.model.LocalizerNet;
import org.seg4j.render.Rendering;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code seg4j localize --model FILE IMAGES... --out DIR}: per image, the detections as JSON ({@code <name>.json}:
 * class, score, box {@code [x1, y1, x2, y2]} in pixels), the boxes drawn on the image ({@code <name>_boxes.png}) and,
 * with {@code --heatmaps}, each scale's class-probability map ({@code <name>_heat_s<scale>_a<aspect>_<class>.png},
 * grey levels 0..255 for probabilities 0..1, one pixel per window).
 */
@Command(name = "localize", description = "Localize objects in images with a localizer model (OverFeat): "
        + "detections as JSON, boxes drawn, optional probability heat maps.")
final class LocalizeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A localizer model file (.seg4j).")
    Path model;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files or folders of images.")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--scales", split = ",", paramLabel = "S,...",
            description = "Image scales, e.g. 2,1.4,1,0.7,0.5 (default: the model's).")
    double[] scales;

    @Mixin
    LocalizerOptions options;

    @Option(names = "--heatmaps", description = "Also write each scale's probability map per class.")
    boolean heatmaps;

    @Override
    public void run() {
        PrintWriter console = spec.commandLine().getOut();
        List<Path> images = PredictCommand.expand(inputs);
        OutputNames names = OutputNames.plan(images, out, List.of(".json", "_boxes.png"));
        try (NDManager manager = NDManager.newBaseManager(); LocalizerModel m = LocalizerModel.open(model, manager);
                WorkProgress progress = WorkProgress.of(console, "localize", images.size(), 1)) {
            Localizer localizer = m.localizer(options.resolve(scales, m.trainedOptions()));
            LabelSpec labels = m.card().labels();
            for (Path file : images) {
                long t0 = System.nanoTime();
                RgbImage image = ImageFiles.readRgb(file);
                Localizer.Result result = localizer.localize(image, manager);
                String stem = OutputNames.stem(file);
                AtomicFiles.writeString(names.of(file, ".json"),
                        DetectionsJson.of(file.toString(), image.width(), image.height(),
                        result.detections(), labels).toPrettyString() + "\n");
                RgbImage drawn = image.copy();
                for (ScoredBox d : result.detections()) {
                    Rendering.drawBox(drawn, d.box(), labels.color(d.classId()) == 0 ? 0xFF0000
                            : labels.color(d.classId()));
                }
                ImageFiles.writeRgb(names.of(file, "_boxes.png"), drawn);
                if (heatmaps) {
                    for (Localizer.ScoreMap map : result.maps()) {
                        ImageFiles.writeGreyPng(out.resolve(String.format(Locale.ROOT, "%s_heat_s%s_a%s_%s.png", stem,
                                number(map.scale()), number(map.aspect()), labels.className(map.classId()))),
                                grey(map));
                    }
                }
                if (result.maps().isEmpty()) {
                    progress.line(String.format(Locale.ROOT, "%s: smaller than one %dx%d window at every scale; give "
                            + "larger --scales", file, LocalizerNet.WINDOW, LocalizerNet.WINDOW));
                }
                ScoredBox best = result.detections().isEmpty() ? null : result.detections().get(0);
                progress.step(String.format(Locale.ROOT, "%s  %dx%d  %d windows, %d detections%s  %.0f ms", file,
                        image.width(), image.height(), result.windows().size(), result.detections().size(),
                        best == null ? "" : String.format(Locale.ROOT, ", best %s %.3f", labels.className(
                                best.classId()), best.score()), (System.nanoTime() - t0) / 1e6));
            }
        }
        console.printf("wrote %d results to %s%n", images.size(), out);
        console.flush();
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static LabelMap grey(Localizer.ScoreMap map) {
        byte[] levels = new byte[map.probabilities().length];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = (byte) Math.round(255 * Math.min(1, Math.max(0, map.probabilities()[i])));
        }
        return new LabelMap(map.cols(), map.rows(), levels);
    }
}

package org.seg4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.Sample;
import org.seg4j.data.SampleReader;
import org.seg4j.data.SegmentationDataset;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.RgbImage;
import org.seg4j.label.LabelSpec;
import org.seg4j.render.Rendering;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes colourised labels and overlays (with boxes) for a few samples, to look at a data set. */
@Command(name = "show", description = "Write colourised labels and overlays for a few samples of a data set.")
final class ShowCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--count", defaultValue = "8", description = "How many samples (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--alpha", defaultValue = "0.5", description = "Label opacity in overlays (default ${DEFAULT-VALUE}).")
    double alpha;

    @Override
    public void run() {
        PrintWriter console = spec.commandLine().getOut();
        SampleReader reader = data.reader();
        SegmentationDataset ds = reader.dataset();
        LabelSpec labels = ds.labelSpec();
        int n = Math.min(count, ds.size());
        console.printf("%s: %d samples, label spec %s; writing %d to %s%n", ds.name(), ds.size(), labels.name(), n, out);
        for (int i = 0; i < n; i++) {
            Optional<Sample> loaded = reader.read(i);
            if (loaded.isEmpty()) {
                continue;
            }
            Sample s = loaded.get();
            RgbImage overlay = s.label() == null ? s.image().copy()
                    : Rendering.overlay(s.image(), s.label(), labels, alpha);
            for (ObjectBox b : s.boxes()) {
                Rendering.drawBox(overlay, b.box(),
                        b.classId() < labels.numClasses() ? labels.color(b.classId()) : 0xFFFFFF);
            }
            if (s.label() != null) {
                ImageFiles.writeRgb(out.resolve(s.id() + "_label.png"), Rendering.colorize(s.label(), labels));
            }
            ImageFiles.writeRgb(out.resolve(s.id() + "_overlay.png"), overlay);
            console.printf("  %s  %dx%d  %d boxes%n", s.id(), s.width(), s.height(), s.boxes().size());
        }
        if (reader.skipped() > 0) {
            console.printf("skipped %d bad samples%n", reader.skipped());
        }
        console.flush();
    }
}

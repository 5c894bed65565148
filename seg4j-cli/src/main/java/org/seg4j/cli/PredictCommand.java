package org.seg4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.seg4j.BadInputException;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.ImageOps;
import org.seg4j.image.RgbImage;
import org.seg4j.io.NpyFiles;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.infer.Prediction;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code seg4j predict --model FILE INPUTS... --out DIR}: label PNGs, overlays and optionally probabilities. */
@Command(name = "predict", description = "Segment images (files or folders) with a model; writes palette label PNGs "
        + "and overlays.")
final class PredictCommand implements Runnable {
    private static final String LABELS = ".png";
    private static final String OVERLAY = "_overlay.jpg";
    private static final String PROBABILITIES = "_probs.npy";

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files or folders of images.")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--probs", description = "Also write the class probabilities as <name>_probs.npy, float32 [C, H, W].")
    boolean probs;

    @Option(names = "--no-overlay", description = "Do not write <name>_overlay.jpg.")
    boolean noOverlay;

    @Override
    public void run() {
        PrintWriter console = spec.commandLine().getOut();
        List<Path> images = expand(inputs);
        OutputNames names = OutputNames.plan(images, out, List.of(LABELS, OVERLAY, PROBABILITIES));
        try (SegmentationModel m = model.open()) {
            Segmenter segmenter = model.segmenter(m);
            LabelSpec labels = m.labels();
            for (Path file : images) {
                long t0 = System.nanoTime();
                RgbImage image = ImageFiles.readRgb(file);
                Prediction p = segmenter.segment(image, probs);
                ImageFiles.writeLabelPng(names.of(file, LABELS), p.labels(), labels.palette());
                if (!noOverlay) {
                    ImageFiles.writeRgb(names.of(file, OVERLAY), ImageOps.overlay(image, p.labels(), labels, 0.5));
                }
                if (probs) {
                    NpyFiles.writeFloat32(names.of(file, PROBABILITIES),
                            new int[] {p.numClasses(), image.height(), image.width()}, p.probabilities());
                }
                console.printf(Locale.ROOT, "%s  %dx%d  %.0f ms%n", file, image.width(), image.height(),
                        (System.nanoTime() - t0) / 1e6);
                console.flush();
            }
        }
        console.printf("wrote %d predictions to %s%n", images.size(), out);
        console.flush();
    }

    static List<Path> expand(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g|bmp)"))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new BadInputException(p, "cannot list folder: " + e.getMessage());
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new BadInputException(p, "no such image file or folder");
            }
        }
        if (files.isEmpty()) {
            throw new BadInputException(inputs.get(0), "no images found");
        }
        return files;
    }
}

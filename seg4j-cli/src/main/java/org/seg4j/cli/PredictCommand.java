package org.seg4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.seg4j.BadInputException;
import org.seg4j.data.SampleReader;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.RgbImage;
import org.seg4j.io.NpyFiles;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.infer.Prediction;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;
import org.seg4j.render.Rendering;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code seg4j predict --model FILE INPUTS... --out DIR}: label PNGs, overlays and optionally probabilities. Progress
 * is a bar on a terminal and a line per image (count, rate, ETA) elsewhere. With {@code --on-bad-sample skip}, an image
 * that cannot be decoded or segmented is reported, counted and passed over; the others are written, and the exit code
 * is 2 if any image was skipped (0 when all were written).
 */
@Command(name = "predict", description = "Segment images (files or folders) with a model; writes palette label PNGs "
        + "and overlays.")
final class PredictCommand implements Callable<Integer> {
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

    @Option(names = "--on-bad-sample", paramLabel = "fail|skip", defaultValue = "fail",
            description = "Stop at an image that cannot be read or segmented (fail, the default), or report it, go on "
                    + "and exit with code 2 at the end (skip).")
    SampleReader.OnBadSample onBadSample;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        List<Path> images = expand(inputs);
        List<String> skipped = new ArrayList<>();
        OutputNames names = OutputNames.plan(images, out, List.of(LABELS, OVERLAY, PROBABILITIES));
        try (SegmentationModel m = model.open();
                WorkProgress progress = WorkProgress.of(console, "predict", images.size(), 1)) {
            Segmenter segmenter = model.segmenter(m);
            LabelSpec labels = m.labels();
            for (Path file : images) {
                long t0 = System.nanoTime();
                RgbImage image;
                Prediction p;
                try {
                    image = ImageFiles.readRgb(file);
                    p = segmenter.segment(image, probs);
                } catch (BadInputException e) {
                    if (onBadSample == SampleReader.OnBadSample.FAIL) {
                        throw e;
                    }
                    skipped.add(e.getMessage());
                    progress.line("skipped " + e.getMessage());
                    progress.step("");
                    continue;
                }
                ImageFiles.writeLabelPng(names.of(file, LABELS), p.labels(), labels.palette());
                if (!noOverlay) {
                    ImageFiles.writeRgb(names.of(file, OVERLAY),
                            Rendering.overlay(image, p.labels(), labels, 0.5));
                }
                if (probs) {
                    NpyFiles.writeFloat32(names.of(file, PROBABILITIES),
                            new int[] {p.numClasses(), image.height(), image.width()}, p.probabilities());
                }
                progress.step(String.format(Locale.ROOT, "%s  %dx%d  %.0f ms", file, image.width(), image.height(),
                        (System.nanoTime() - t0) / 1e6));
            }
        }
        console.printf("wrote %d predictions to %s%n", images.size() - skipped.size(), out);
        if (!skipped.isEmpty()) {
            console.printf("skipped %d bad image(s):%n", skipped.size());
            skipped.forEach(problem -> console.println("  " + problem));
        }
        console.flush();
        return skipped.isEmpty() ? 0 : 2;
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

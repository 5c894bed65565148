package org.seg4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.seg4j.BadInputException;
import org.seg4j.crf.CrfParameters;
import org.seg4j.crf.DenseCrf;
import org.seg4j.crf.MeanFieldResult;
import org.seg4j.crf.ScribbleAnnotation;
import org.seg4j.crf.Unary;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.RgbImage;
import org.seg4j.io.NpyFiles;
import org.seg4j.label.BuiltinLabelSpecs;
import org.seg4j.label.LabelSpec;
import org.seg4j.label.LabelSpecJson;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seg4j crf}: refines per-pixel label scores of one image with the fully connected CRF (see
 * {@link DenseCrf}). Scores come as probabilities or unary energies in a float32 numpy array {@code [L, H, W]},
 * or as scribbles in a colour image, read as pydensecrf's {@code examples/inference.py} reads them. The output is a
 * palette PNG of label indices in the colours of {@code --labels SPEC} (e.g. {@code camvid} for CamVid scores);
 * without it, the scribble colours for scribbles and the VOC colour map otherwise.
 */
@Command(name = "crf", description = "Refine label scores of an image with the fully connected CRF (mean field).")
final class CrfCommand implements Runnable {
    /** Label indices go to an 8-bit PNG in which 255 is the conventional "ignore" value. */
    static final int MAX_LABELS = ScribbleAnnotation.MAX_LABELS;

    @Spec
    CommandSpec spec;

    @Option(names = "--image", required = true, paramLabel = "IMG", description = "The RGB image.")
    Path image;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--probs", paramLabel = "P.npy", description = "Probabilities, float32 [L, H, W].")
        Path probs;

        @Option(names = "--unary", paramLabel = "U.npy", description = "Unary energies (-log P), float32 [L, H, W].")
        Path unary;

        @Option(names = "--scribbles", paramLabel = "SCRIBBLES.png",
                description = "Scribbles: each non-black colour a label, black unknown.")
        Path scribbles;
    }

    @Option(names = "--gt-prob", defaultValue = "0.7", description = "Confidence of a scribble (default ${DEFAULT-VALUE}).")
    float gtProb;

    @Option(names = "--out", required = true, paramLabel = "LABELS.png", description = "Output label PNG.")
    Path out;

    @Option(names = "--labels", paramLabel = "SPEC",
            description = "Label spec whose palette colours the output (voc, cityscapes, coco, cocostuff, camvid, "
                    + "binary, isbi, or a JSON file). Default: the scribble colours, or VOC's palette.")
    String labels;

    @Option(names = "--preset", paramLabel = "deeplab|pydensecrf",
            description = "Parameter preset; default deeplab for --probs/--unary, pydensecrf for --scribbles.")
    Preset preset;

    /** Published parameter sets: DeepLab's (Chen et al. 2015) and pydensecrf's inference example. */
    enum Preset { DEEPLAB, PYDENSECRF }

    @Option(names = "--iterations", paramLabel = "N", description = "Mean-field iterations (default: the preset's).")
    Integer iterations;

    @Option(names = "--bilateral", paramLabel = "W,SXY,SRGB", split = ",",
            description = "Appearance kernel: weight w1, theta_a (pixels), theta_b (colour levels).")
    float[] bilateral;

    @Option(names = "--gaussian", paramLabel = "W,SXY", split = ",",
            description = "Smoothness kernel: weight w2, theta_g (pixels).")
    float[] gaussian;

    @Option(names = "--save-q", paramLabel = "Q.npy", description = "Also write the marginals, float32 [L, H, W].")
    Path saveQ;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
    Integer threads;

    @Override
    public void run() {
        PrintWriter console = spec.commandLine().getOut();
        RgbImage img = ImageFiles.readRgb(image);
        int w = img.width();
        int h = img.height();
        CrfParameters params = parameters();
        int[] palette = new int[256];
        Unary unary;
        if (input.scribbles != null) {
            ScribbleAnnotation scribbles = readScribbles(input.scribbles, w, h);
            if (!(gtProb > 0 && gtProb < 1)) {
                throw new BadInputException(null, "--gt-prob must be in (0, 1), got " + gtProb);
            }
            unary = scribbles.unary(gtProb);
            System.arraycopy(scribbles.colours(), 0, palette, 0, scribbles.labelCount());
        } else {
            Path file = input.probs != null ? input.probs : input.unary;
            unary = readScores(file, input.probs != null, w, h);
            for (int i = 0; i < 256; i++) {
                palette[i] = BuiltinLabelSpecs.vocColor(i);
            }
        }
        if (labels != null) {
            LabelSpec spec = LabelSpecJson.resolve(labels);
            if (unary.labels() > spec.numClasses()) {
                throw new BadInputException(input.scribbles != null ? input.scribbles
                        : input.probs != null ? input.probs : input.unary, unary.labels() + " labels, but label spec "
                        + spec.name() + " has " + spec.numClasses() + " classes");
            }
            palette = spec.palette();
        }
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (nThreads < 1) {
            throw new BadInputException(null, "--threads must be at least 1, got " + nThreads);
        }
        long t0 = System.nanoTime();
        MeanFieldResult result = DenseCrf.forImage(img, unary.labels(), params, nThreads)
                .inference(unary, params.iterations());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        ImageFiles.writeLabelPng(out, result.labelMap(w, h), palette);
        if (saveQ != null) {
            NpyFiles.writeFloat32(saveQ, new int[] {unary.labels(), h, w}, result.q());
        }
        console.printf("%dx%d, %d labels, %d iterations (w1=%s theta_a=%s theta_b=%s, w2=%s theta_g=%s), %d threads: "
                + "%d ms; wrote %s%s%n", w, h, unary.labels(), params.iterations(), params.w1(), params.thetaA(),
                params.thetaB(), params.w2(), params.thetaG(), nThreads, ms, out, saveQ == null ? "" : " and " + saveQ);
        console.flush();
    }

    private CrfParameters parameters() {
        Preset chosen = preset != null ? preset : input.scribbles != null ? Preset.PYDENSECRF : Preset.DEEPLAB;
        CrfParameters p = switch (chosen) {
            case DEEPLAB -> CrfParameters.deepLab();
            case PYDENSECRF -> CrfParameters.pydensecrfExample();
        };
        try {
            if (bilateral != null) {
                if (bilateral.length != 3) {
                    throw new BadInputException(null, "--bilateral takes W,SXY,SRGB, got " + bilateral.length + " values");
                }
                p = p.withBilateral(bilateral[0], bilateral[1], bilateral[2]);
            }
            if (gaussian != null) {
                if (gaussian.length != 2) {
                    throw new BadInputException(null, "--gaussian takes W,SXY, got " + gaussian.length + " values");
                }
                p = p.withGaussian(gaussian[0], gaussian[1]);
            }
            return iterations != null ? p.withIterations(iterations) : p;
        } catch (IllegalArgumentException e) {
            throw new BadInputException(null, e.getMessage());
        }
    }

    private static ScribbleAnnotation readScribbles(Path file, int w, int h) {
        RgbImage anno = ImageFiles.readRgb(file);
        if (anno.width() != w || anno.height() != h) {
            throw new BadInputException(file, "scribbles are " + anno.width() + "x" + anno.height()
                    + ", the image " + w + "x" + h);
        }
        try {
            return ScribbleAnnotation.of(anno);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, e.getMessage());
        }
    }

    private static Unary readScores(Path file, boolean probabilities, int w, int h) {
        NpyFiles.FloatArray a = NpyFiles.readFloat32(file);
        int[] s = a.shape();
        if (s.length != 3) {
            throw new BadInputException(file, "expected a [L, H, W] array, got " + s.length + " dimensions");
        }
        if (s[1] != h || s[2] != w) {
            throw new BadInputException(file, "array is [" + s[0] + ", " + s[1] + ", " + s[2] + "] but the image is "
                    + w + "x" + h + " (expected [L, " + h + ", " + w + "])");
        }
        if (s[0] == 0 || s[0] > MAX_LABELS) {
            throw new BadInputException(file, s[0] + " labels; need 1 to " + MAX_LABELS + " for a label PNG");
        }
        try {
            return probabilities ? Unary.fromProbabilities(a.data(), s[0], w * h)
                    : Unary.fromEnergies(a.data(), s[0], w * h);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, e.getMessage());
        }
    }
}

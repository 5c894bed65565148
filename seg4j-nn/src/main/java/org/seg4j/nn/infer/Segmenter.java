package org.seg4j.nn.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.seg4j.BadInputException;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.ImageLimits;
import org.seg4j.image.ImageOps;
import org.seg4j.image.LabelMap;
import org.seg4j.image.Normalization;
import org.seg4j.image.QuarterTurns;
import org.seg4j.image.RgbImage;
import org.seg4j.nn.engine.ForwardPassLimit;

/**
 * Runs a segmentation network over images of any size:
 * <ul>
 *   <li>whole image: padded at the bottom/right (with the mean colour, i.e. zeros after normalisation) to a multiple
 *       of the network's output stride, one forward pass, logits cropped back;</li>
 *   <li>sliding window: square tiles with a given overlap, the logits of overlapping tiles averaged (each pixel's sum
 *       divided by the number of tiles that covered it); rows are finished as soon as no later tile reaches them, so
 *       the memory is bounded by the tile band, not by the image;</li>
 *   <li>test-time augmentation: several scales, the mirrored image and the image turned by quarter turns, whose
 *       softmax probabilities are resized back (bilinear, half-pixel centres), turned and mirrored back and
 *       averaged.</li>
 * </ul>
 * The network maps a {@code [n, 3, h, w]} float tensor to {@code [n, C, h, w]} logits. Images of the same size are
 * stacked into one batch ({@link #segment(List, boolean)}). With {@link InferenceOptions#crf()}, the labels are
 * refined by the fully connected CRF ({@link CrfRefinement}).
 *
 * <pre>{@code
 * try (SegmentationModel model = SegmentationModel.open(Path.of("models/camvid-unet.seg4j"))) {
 *     Segmenter segmenter = Segmenter.of(model);
 *     LabelMap labels = segmenter.segment(Path.of("street.png")).labels();
 * }
 * }</pre>
 */
public final class Segmenter {
    private final UnaryOperator<NDArray> network;
    private final int numClasses;
    private final Normalization normalization;
    private final double inputScale;
    private final InferenceOptions options;
    private final CrfRefinement refinement;

    Segmenter(UnaryOperator<NDArray> network, int numClasses, Normalization normalization, double inputScale,
            InferenceOptions options) {
        this.network = network;
        this.numClasses = numClasses;
        this.normalization = normalization;
        this.inputScale = inputScale;
        this.options = options;
        this.refinement = options.crf() == null ? null : new CrfRefinement(options.crf(), options.threads());
    }

    /** A segmenter that runs {@code model} as its card says: the whole image at the model's input scale. */
    public static Segmenter of(SegmentationModel model) {
        return of(model, InferenceOptions.defaults());
    }

    /** A segmenter that runs {@code model} with {@code options}; their scales are relative to the model's. */
    public static Segmenter of(SegmentationModel model, InferenceOptions options) {
        return new Segmenter(model::logits, model.labels().numClasses(), model.normalization(), model.inputScale(),
                options);
    }

    public InferenceOptions options() {
        return options;
    }

    /** The labels of every pixel of an image file (PNG, JPEG, BMP). */
    public Prediction segment(Path imageFile) {
        return segment(ImageFiles.readRgb(imageFile), false);
    }

    /** The labels of every pixel of an encoded image (PNG, JPEG, BMP bytes). */
    public Prediction segment(byte[] encodedImage) {
        return segment(ImageFiles.readRgb(encodedImage), false);
    }

    /** The labels of every pixel of an AWT image (alpha is dropped). */
    public Prediction segment(BufferedImage image) {
        return segment(ImageFiles.toRgb(image), false);
    }

    /** The labels of every pixel. */
    public Prediction segment(RgbImage image) {
        return segment(image, false);
    }

    /**
     * The labels of every pixel (training ids) and, if {@code withProbabilities}, the class probabilities (the CRF's
     * marginals when the options ask for the CRF).
     */
    public Prediction segment(RgbImage image, boolean withProbabilities) {
        return segment(List.of(image), withProbabilities).get(0);
    }

    /**
     * Segments several images; images of the same size go through the network together, one batch per window
     * position and test-time variant, so {@code n} images of one size cost one forward pass of batch {@code n}
     * instead of {@code n} passes (fewer per pass where {@link ForwardPassLimit} requires it). The result equals
     * segmenting them one by one, up to the engine's rounding.
     */
    public List<Prediction> segment(List<RgbImage> images, boolean withProbabilities) {
        Prediction[] out = new Prediction[images.size()];
        Map<Long, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            RgbImage image = images.get(i);
            bySize.computeIfAbsent((long) image.width() << 32 | image.height(), k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> group : bySize.values()) {
            RgbImage first = images.get(group.get(0));
            int perPass = imagesPerPass(first.width(), first.height());
            for (int from = 0; from < group.size(); from += perPass) {
                List<Integer> chunk = group.subList(from, Math.min(group.size(), from + perPass));
                List<RgbImage> batch = chunk.stream().map(images::get).toList();
                List<Prediction> predicted = predict(batch, withProbabilities || refinement != null);
                for (int j = 0; j < chunk.size(); j++) {
                    Prediction p = predicted.get(j);
                    out[chunk.get(j)] = refinement == null ? p : refinement.refine(batch.get(j), p);
                }
            }
        }
        return Arrays.asList(out);
    }

    /**
     * How many {@code w x h} images one forward pass may hold within {@link ForwardPassLimit}, at least one; refuses,
     * before any pass, a scale whose resized image exceeds {@link ImageLimits} or whose pass for a single image (the
     * whole resized image, or one window of it) exceeds {@link ForwardPassLimit}. Quarter turns and mirroring change
     * neither count.
     *
     * @throws BadInputException naming the sizes, the limit and how to raise it
     */
    private int imagesPerPass(int w, int h) {
        long largest = 1;
        for (double relative : options.scales()) {
            double scale = relative * inputScale;
            long sw = Math.max(1, Math.round(w * scale));
            long sh = Math.max(1, Math.round(h * scale));
            String what = "the " + sw + "x" + sh + " image (" + w + "x" + h + " at scale " + scale + ")";
            ImageLimits.require(null, sw, sh);
            long tileW = options.tile() == 0 ? sw : Math.min(options.tile(), sw);
            long tileH = options.tile() == 0 ? sh : Math.min(options.tile(), sh);
            long pass = (long) roundUp((int) tileW, options.padMultiple()) * roundUp((int) tileH,
                    options.padMultiple());
            ForwardPassLimit.require(pass, options.tile() == 0 ? what + " in one pass (use --tile for sliding windows)"
                    : "a " + tileW + "x" + tileH + " window of " + what);
            largest = Math.max(largest, pass);
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ForwardPassLimit.maxPixels() / largest));
    }

    /** Segments images of one size together. */
    private List<Prediction> predict(List<RgbImage> images, boolean withProbabilities) {
        int n = images.size();
        int w = images.get(0).width();
        int h = images.get(0).height();
        double[] scales = Arrays.stream(options.scales()).map(s -> s * inputScale).toArray();
        List<Prediction> out = new ArrayList<>(n);
        if (options.single() && inputScale == 1 && !withProbabilities) {
            List<byte[]> labels = new ArrayList<>(n);
            List<RowAccumulator.RowSink> sinks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] l = new byte[w * h];
                labels.add(l);
                sinks.add((y, logits) -> argmaxRow(logits, w, l, y * w));
            }
            run(images, sinks);
            labels.forEach(l -> out.add(new Prediction(new LabelMap(w, h, l), null, numClasses)));
            return out;
        }
        List<float[]> totals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            totals.add(new float[numClasses * w * h]);
        }
        int variants = 0;
        for (double scale : scales) {
            for (boolean mirrored : options.flip() ? new boolean[] {false, true} : new boolean[] {false}) {
                for (int turns = 0; turns < (options.rotate() ? 4 : 1); turns++) {
                    accumulate(totals, images, scale, mirrored, turns);
                    variants++;
                }
            }
        }
        for (float[] total : totals) {
            for (int i = 0; i < total.length; i++) {
                total[i] /= variants;
            }
            out.add(new Prediction(new LabelMap(w, h, argmax(total, w * h)), withProbabilities ? total : null,
                    numClasses));
        }
        return out;
    }

    /**
     * Adds the probabilities of one variant to each image's total: the image mirrored (optionally), turned
     * {@code turns} quarter turns counter-clockwise and scaled; the probabilities are scaled, turned and mirrored
     * back.
     */
    private void accumulate(List<float[]> totals, List<RgbImage> images, double scale, boolean mirrored, int turns) {
        int w = images.get(0).width();
        int h = images.get(0).height();
        List<RgbImage> inputs = new ArrayList<>(images.size());
        for (RgbImage image : images) {
            RgbImage oriented = mirrored ? mirror(image) : image;
            inputs.add(turns == 0 ? oriented : QuarterTurns.turn(oriented, turns));
        }
        int tw = inputs.get(0).width();
        int th = inputs.get(0).height();
        int sw = Math.max(1, (int) Math.round(tw * scale));
        int sh = Math.max(1, (int) Math.round(th * scale));
        if (sw != tw || sh != th) {
            inputs.replaceAll(input -> ImageOps.resizeBilinear(input, sw, sh));
        }
        List<float[]> probs = new ArrayList<>(images.size());
        List<RowAccumulator.RowSink> sinks = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            float[] p = new float[numClasses * sw * sh];
            probs.add(p);
            sinks.add((y, logits) -> softmaxRow(logits, sw, sh, p, y));
        }
        run(inputs, sinks);
        for (int i = 0; i < images.size(); i++) {
            float[] p = probs.get(i);
            float[] turned = sw == tw && sh == th ? p : FloatPlanes.resizeBilinear(p, numClasses, sh, sw, th, tw);
            float[] back = turns == 0 ? turned : QuarterTurns.turnPlanes(turned, numClasses, tw, th, 4 - turns);
            float[] total = totals.get(i);
            for (int c = 0; c < numClasses; c++) {
                for (int y = 0; y < h; y++) {
                    int row = (c * h + y) * w;
                    for (int x = 0; x < w; x++) {
                        total[row + x] += back[row + (mirrored ? w - 1 - x : x)];
                    }
                }
            }
        }
    }

    /**
     * Runs the windows over images of one size and streams each image's averaged logit rows into its sink; the
     * images' windows at one position go through the network as one batch. All windows have the same size, so one
     * input buffer serves them all; its padding (bottom/right, up to the output stride) stays zero, the mean colour
     * after normalisation.
     */
    private void run(List<RgbImage> images, List<RowAccumulator.RowSink> sinks) {
        int n = images.size();
        int w = images.get(0).width();
        int h = images.get(0).height();
        int tileW = options.tile() == 0 ? w : Math.min(options.tile(), w);
        int tileH = options.tile() == 0 ? h : Math.min(options.tile(), h);
        int[] xs = Tiling.starts(w, tileW, options.overlap());
        int[] ys = Tiling.starts(h, tileH, options.overlap());
        int pw = roundUp(tileW, options.padMultiple());
        int ph = roundUp(tileH, options.padMultiple());
        float[] window = new float[3 * ph * pw];
        float[] batch = new float[n * window.length];
        List<RowAccumulator> accs = new ArrayList<>(n);
        for (RowAccumulator.RowSink sink : sinks) {
            accs.add(new RowAccumulator(numClasses, w, h, sink));
        }
        for (int y0 : ys) {
            accs.forEach(acc -> acc.finishBelow(y0));
            for (int x0 : xs) {
                for (int i = 0; i < n; i++) {
                    normalization.windowToChw(images.get(i), x0, y0, tileW, tileH, window, pw, ph);
                    System.arraycopy(window, 0, batch, i * window.length, window.length);
                }
                forward(batch, n, pw, ph, (i, logits) -> accs.get(i).add(logits, pw, ph, x0, y0, tileH, tileW));
            }
        }
        accs.forEach(acc -> acc.finishBelow(h));
    }

    /** One forward pass of a batch of {@code n} normalised windows; hands each window's logits to {@code each}. */
    private void forward(float[] batch, int n, int pw, int ph, BiConsumer<Integer, float[]> each) {
        try (NDManager scope = NDManager.newBaseManager()) {
            NDArray x = scope.create(batch, new Shape(n, 3, ph, pw));
            NDArray logits = network.apply(x);
            Shape s = logits.getShape();
            if (s.dimension() != 4 || s.get(0) != n || s.get(1) != numClasses || s.get(2) != ph || s.get(3) != pw) {
                throw new IllegalStateException("the network returned logits of shape " + s + " for an input of "
                        + x.getShape() + "; expected (" + n + ", " + numClasses + ", " + ph + ", " + pw + ")");
            }
            float[] all = logits.toFloatArray();
            int per = numClasses * ph * pw;
            for (int i = 0; i < n; i++) {
                each.accept(i, n == 1 ? all : Arrays.copyOfRange(all, i * per, (i + 1) * per));
            }
        }
    }

    private void argmaxRow(float[] logits, int w, byte[] labels, int offset) {
        for (int x = 0; x < w; x++) {
            int best = 0;
            float bestValue = logits[x];
            for (int c = 1; c < numClasses; c++) {
                float v = logits[c * w + x];
                if (v > bestValue) {
                    bestValue = v;
                    best = c;
                }
            }
            labels[offset + x] = (byte) best;
        }
    }

    private void softmaxRow(float[] logits, int w, int h, float[] probs, int y) {
        for (int x = 0; x < w; x++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < numClasses; c++) {
                max = Math.max(max, logits[c * w + x]);
            }
            double sum = 0;
            for (int c = 0; c < numClasses; c++) {
                sum += Math.exp(logits[c * w + x] - max);
            }
            for (int c = 0; c < numClasses; c++) {
                probs[(c * h + y) * w + x] = (float) (Math.exp(logits[c * w + x] - max) / sum);
            }
        }
    }

    private byte[] argmax(float[] scores, int pixels) {
        byte[] labels = new byte[pixels];
        for (int i = 0; i < pixels; i++) {
            int best = 0;
            for (int c = 1; c < numClasses; c++) {
                if (scores[c * pixels + i] > scores[best * pixels + i]) {
                    best = c;
                }
            }
            labels[i] = (byte) best;
        }
        return labels;
    }

    private static RgbImage mirror(RgbImage image) {
        int w = image.width();
        RgbImage out = RgbImage.blank(w, image.height());
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < w; x++) {
                out.set(w - 1 - x, y, image.rgbAt(x, y));
            }
        }
        return out;
    }

    private static int roundUp(int v, int multiple) {
        return (v + multiple - 1) / multiple * multiple;
    }
}

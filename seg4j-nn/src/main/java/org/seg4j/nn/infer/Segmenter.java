package org.seg4j.nn.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.UnaryOperator;
import org.seg4j.BadInputException;
import org.seg4j.data.augment.Normalization;
import org.seg4j.image.ImageLimits;
import org.seg4j.image.ImageOps;
import org.seg4j.image.LabelMap;
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
 * The network maps a {@code [1, 3, h, w]} float tensor to {@code [1, C, h, w]} logits.
 */
public final class Segmenter {
    private final UnaryOperator<NDArray> network;
    private final int numClasses;
    private final Normalization normalization;
    private final InferenceOptions options;
    private final NDManager manager;

    public Segmenter(UnaryOperator<NDArray> network, int numClasses, Normalization normalization,
            InferenceOptions options, NDManager manager) {
        this.network = network;
        this.numClasses = numClasses;
        this.normalization = normalization;
        this.options = options;
        this.manager = manager;
    }

    /** Labels of every pixel, and the class probabilities if {@code withProbabilities}. */
    public Prediction predict(RgbImage image, boolean withProbabilities) {
        int w = image.width();
        int h = image.height();
        requireWithinLimits(w, h);
        if (options.single() && !withProbabilities) {
            byte[] labels = new byte[w * h];
            run(image, (y, logits) -> argmaxRow(logits, w, labels, y * w));
            return new Prediction(new LabelMap(w, h, labels), null, numClasses);
        }
        float[] total = new float[numClasses * w * h];
        int variants = 0;
        for (double scale : options.scales()) {
            for (boolean mirrored : options.flip() ? new boolean[] {false, true} : new boolean[] {false}) {
                for (int turns = 0; turns < (options.rotate() ? 4 : 1); turns++) {
                    accumulate(total, image, scale, mirrored, turns);
                    variants++;
                }
            }
        }
        for (int i = 0; i < total.length; i++) {
            total[i] /= variants;
        }
        return new Prediction(new LabelMap(w, h, argmax(total, w * h)), withProbabilities ? total : null, numClasses);
    }

    /**
     * Refuses, before any forward pass, a scale whose resized image exceeds {@link ImageLimits} or whose pass (the
     * whole resized image, or one window of it) exceeds {@link ForwardPassLimit}. Quarter turns and mirroring change
     * neither count.
     *
     * @throws BadInputException naming the sizes, the limit and how to raise it
     */
    private void requireWithinLimits(int w, int h) {
        for (double scale : options.scales()) {
            long sw = Math.max(1, Math.round(w * scale));
            long sh = Math.max(1, Math.round(h * scale));
            String what = "the " + sw + "x" + sh + " image (" + w + "x" + h + " at scale " + scale + ")";
            ImageLimits.require(null, sw, sh);
            long tileW = options.tile() == 0 ? sw : Math.min(options.tile(), sw);
            long tileH = options.tile() == 0 ? sh : Math.min(options.tile(), sh);
            ForwardPassLimit.require((long) roundUp((int) tileW, options.padMultiple())
                    * roundUp((int) tileH, options.padMultiple()),
                    options.tile() == 0 ? what + " in one pass (use --tile for sliding windows)"
                            : "a " + tileW + "x" + tileH + " window of " + what);
        }
    }

    /**
     * Adds the probabilities of one variant: the image mirrored (optionally), turned {@code turns} quarter turns
     * counter-clockwise and scaled; the probabilities are scaled, turned and mirrored back.
     */
    private void accumulate(float[] total, RgbImage image, double scale, boolean mirrored, int turns) {
        int w = image.width();
        int h = image.height();
        RgbImage oriented = mirrored ? mirror(image) : image;
        RgbImage input = turns == 0 ? oriented : QuarterTurns.turn(oriented, turns);
        int tw = input.width();
        int th = input.height();
        int sw = Math.max(1, (int) Math.round(tw * scale));
        int sh = Math.max(1, (int) Math.round(th * scale));
        if (sw != tw || sh != th) {
            input = ImageOps.resizeBilinear(input, sw, sh);
        }
        float[] probs = new float[numClasses * sw * sh];
        run(input, (y, logits) -> softmaxRow(logits, sw, sh, probs, y));
        float[] turned = sw == tw && sh == th ? probs : FloatPlanes.resizeBilinear(probs, numClasses, sh, sw, th, tw);
        float[] back = turns == 0 ? turned : QuarterTurns.turnPlanes(turned, numClasses, tw, th, 4 - turns);
        for (int c = 0; c < numClasses; c++) {
            for (int y = 0; y < h; y++) {
                int row = (c * h + y) * w;
                for (int x = 0; x < w; x++) {
                    total[row + x] += back[row + (mirrored ? w - 1 - x : x)];
                }
            }
        }
    }

    /**
     * Runs the windows over the image and streams averaged logit rows into the sink. All windows have the same size,
     * so one input buffer serves them all; its padding (bottom/right, up to the output stride) stays zero, the mean
     * colour after normalisation.
     */
    private void run(RgbImage image, RowAccumulator.RowSink sink) {
        int w = image.width();
        int h = image.height();
        int tileW = options.tile() == 0 ? w : Math.min(options.tile(), w);
        int tileH = options.tile() == 0 ? h : Math.min(options.tile(), h);
        int[] xs = Tiling.starts(w, tileW, options.overlap());
        int[] ys = Tiling.starts(h, tileH, options.overlap());
        float[] input = new float[3 * roundUp(tileH, options.padMultiple()) * roundUp(tileW, options.padMultiple())];
        RowAccumulator acc = new RowAccumulator(numClasses, w, h, sink);
        for (int y0 : ys) {
            acc.finishBelow(y0);
            for (int x0 : xs) {
                forwardTile(image, x0, y0, tileW, tileH, input, acc);
            }
        }
        acc.finishBelow(h);
    }

    private void forwardTile(RgbImage image, int x0, int y0, int tw, int th, float[] input, RowAccumulator acc) {
        int pw = roundUp(tw, options.padMultiple());
        int ph = roundUp(th, options.padMultiple());
        normalization.windowToChw(image, x0, y0, tw, th, input, pw, ph);
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(input, new Shape(1, 3, ph, pw));
            NDArray logits = network.apply(x);
            Shape s = logits.getShape();
            if (s.dimension() != 4 || s.get(1) != numClasses || s.get(2) != ph || s.get(3) != pw) {
                throw new IllegalStateException("the network returned logits of shape " + s + " for an input of "
                        + x.getShape() + "; expected (1, " + numClasses + ", " + ph + ", " + pw + ")");
            }
            acc.add(logits.toFloatArray(), pw, ph, x0, y0, th, tw);
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

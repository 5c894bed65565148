package org.seg4j.nn.localize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.seg4j.box.Box;
import org.seg4j.box.BoxDistance;
import org.seg4j.box.BoxEncoding;
import org.seg4j.box.BoxMerging;
import org.seg4j.box.MaxCombination;
import org.seg4j.box.Nms;
import org.seg4j.box.ScoredBox;
import org.seg4j.box.SoftNms;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.ImageOps;
import org.seg4j.image.Normalization;
import org.seg4j.image.RgbImage;
import org.seg4j.nn.model.LocalizerNet;

/**
 * OverFeat inference (Sermanet et al., ICLR 2014, section 4): the image is resized to each scale and anisotropic
 * stretching, each one convolutional pass ({@link ConvolutionalLocalizer}) gives a class-probability map (softmax of
 * the logits) and a box map; every window whose probability for a foreground class reaches {@code minScore} yields a
 * box decoded relative to its window and mapped back to image coordinates (clipped to the image); the boxes of all
 * scales are combined by
 * <ul>
 *   <li>{@code max}: the single best box per class (single-object localization);</li>
 *   <li>{@code merge}: OverFeat's merging ({@link BoxMerging}: pairs with IoU above {@code iou} merged, coordinates
 *       averaged weighted by probability, scores summed);</li>
 *   <li>{@code nms}: greedy per-class NMS at IoU {@code iou};</li>
 *   <li>{@code soft-nms}: Gaussian Soft-NMS (sigma 0.5) dropping boxes below {@code minScore}.</li>
 * </ul>
 * Aspect {@code a} (window width / height in the image) stretches the image by {@code s / sqrt(a)} horizontally and
 * {@code s sqrt(a)} vertically, so the square network window covers an {@code a : 1} image window of
 * {@code 94 / s} pixels on average. Scales at which the image is smaller than one window are skipped.
 */
public final class Localizer {
    private static final BoxEncoding ENCODING = new BoxEncoding.CentreLog();

    /** How the windows' boxes are combined. */
    public enum Combination {
        MAX, MERGE, NMS, SOFT_NMS;

        /** {@code max}, {@code merge}, {@code nms} or {@code soft-nms}. */
        public static Combination parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "max" -> MAX;
                case "merge" -> MERGE;
                case "nms" -> NMS;
                case "soft-nms" -> SOFT_NMS;
                default -> throw new IllegalArgumentException("combination must be max, merge, nms or soft-nms, got '"
                        + text + "'");
            };
        }
    }

    /**
     * @param scales image scales
     * @param aspects window aspect ratios (width / height)
     * @param combination how window boxes become detections
     * @param minScore lowest class probability of a window box
     * @param iou IoU threshold of nms and merge
     * @param maxDetections most detections kept per image (best first)
     */
    public record Options(double[] scales, double[] aspects, Combination combination, double minScore, double iou,
            int maxDetections) {
        public Options {
            if (scales.length == 0 || aspects.length == 0) {
                throw new IllegalArgumentException("need at least one scale and one aspect ratio");
            }
            for (double v : concat(scales, aspects)) {
                if (!(v > 0) || v > 16) {
                    throw new IllegalArgumentException("scales and aspect ratios must be in (0, 16], got " + v);
                }
            }
            if (!(minScore >= 0 && minScore < 1) || !(iou > 0 && iou < 1) || maxDetections < 1) {
                throw new IllegalArgumentException("need 0 <= minScore < 1, 0 < iou < 1 and maxDetections >= 1");
            }
            scales = scales.clone();
            aspects = aspects.clone();
        }

        private static double[] concat(double[] a, double[] b) {
            double[] all = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }

    /**
     * One scale's probability map of one class: {@code rows x cols} windows, window (i, j) covering image pixels from
     * {@code (16 j / fx, 16 i / fy)} on.
     */
    public record ScoreMap(double scale, double aspect, int classId, int cols, int rows, float[] probabilities) {
    }

    /** The window boxes of every scale, the combined detections, and the score maps. */
    public record Result(List<ScoredBox> windows, List<ScoredBox> detections, List<ScoreMap> maps) {
    }

    private final ConvolutionalLocalizer network;
    private final Normalization normalization;
    private final Options options;

    public Localizer(ConvolutionalLocalizer network, Normalization normalization, Options options) {
        this.network = network;
        this.normalization = normalization;
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** Localizes in an image file (PNG, JPEG, BMP). */
    public Result localize(Path imageFile) {
        return localize(ImageFiles.readRgb(imageFile));
    }

    /** Localizes in an encoded image (PNG, JPEG, BMP bytes). */
    public Result localize(byte[] encodedImage) {
        return localize(ImageFiles.readRgb(encodedImage));
    }

    /** Localizes in an AWT image (alpha is dropped). */
    public Result localize(BufferedImage image) {
        return localize(ImageFiles.toRgb(image));
    }

    /** Localizes in one image; its native arrays are freed before it returns. */
    public Result localize(RgbImage image) {
        try (NDManager scope = NDManager.newBaseManager()) {
            return localize(image, scope);
        }
    }

    /** Localizes in one image; class ids are the localizer's (1..K-1). Arrays live in a sub-manager of manager. */
    public Result localize(RgbImage image, NDManager manager) {
        List<ScoredBox> windows = new ArrayList<>();
        List<ScoreMap> maps = new ArrayList<>();
        for (double scale : options.scales()) {
            for (double aspect : options.aspects()) {
                int w = (int) Math.round(image.width() * scale / Math.sqrt(aspect));
                int h = (int) Math.round(image.height() * scale * Math.sqrt(aspect));
                if (w < LocalizerNet.WINDOW || h < LocalizerNet.WINDOW) {
                    continue;
                }
                try (NDManager scope = manager.newSubManager()) {
                    RgbImage resized = w == image.width() && h == image.height() ? image
                            : ImageOps.resizeBilinear(image, w, h);
                    NDArray input = scope.create(FloatBuffer.wrap(normalization.toChw(resized)), new Shape(1, 3, h, w));
                    NDList out = network.forward(input);
                    collect(out.get(0).softmax(1).toFloatArray(), out.get(1).toFloatArray(),
                            Math.toIntExact(out.get(0).getShape().get(2)), Math.toIntExact(out.get(0).getShape().get(3)),
                            (double) w / image.width(), (double) h / image.height(), image, scale, aspect, windows,
                            maps);
                }
            }
        }
        return new Result(windows, combine(windows), maps);
    }

    private void collect(float[] probs, float[] boxes, int rows, int cols, double fx, double fy, RgbImage image,
            double scale, double aspect, List<ScoredBox> windows, List<ScoreMap> maps) {
        int plane = rows * cols;
        int classes = probs.length / plane;
        for (int c = 1; c < classes; c++) {
            float[] map = new float[plane];
            System.arraycopy(probs, c * plane, map, 0, plane);
            maps.add(new ScoreMap(scale, aspect, c, cols, rows, map));
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    float p = map[i * cols + j];
                    if (p < options.minScore() || p <= 0) {
                        continue;
                    }
                    double x0 = LocalizerNet.STRIDE * j;
                    double y0 = LocalizerNet.STRIDE * i;
                    Box window = new Box(x0 / fx, y0 / fy, (x0 + LocalizerNet.WINDOW) / fx,
                            (y0 + LocalizerNet.WINDOW) / fy);
                    int t = 4 * (c - 1) * plane + i * cols + j;
                    double[] targets = {boxes[t], boxes[t + plane], boxes[t + 2 * plane], boxes[t + 3 * plane]};
                    Box clipped = clip(ENCODING.decode(targets, window), image.width(), image.height());
                    if (clipped != null) {
                        windows.add(new ScoredBox(clipped, c, p));
                    }
                }
            }
        }
    }

    private static Box clip(Box b, int width, int height) {
        double x1 = Math.max(0, b.x1());
        double y1 = Math.max(0, b.y1());
        double x2 = Math.min(width, b.x2());
        double y2 = Math.min(height, b.y2());
        return x2 > x1 && y2 > y1 ? new Box(x1, y1, x2, y2) : null;
    }

    private List<ScoredBox> combine(List<ScoredBox> windows) {
        List<ScoredBox> combined = switch (options.combination()) {
            case MAX -> MaxCombination.bestPerClass(windows);
            case MERGE -> new BoxMerging(BoxDistance.oneMinusIou(), 1 - options.iou(),
                    BoxMerging.Averaging.SCORE_WEIGHTED, BoxMerging.ScoreRule.SUM).merge(windows);
            case NMS -> Nms.perClass(windows, options.iou());
            case SOFT_NMS -> SoftNms.perClass(windows, new SoftNms.Gaussian(0.5), Math.max(options.minScore(), 1e-3));
        };
        List<ScoredBox> sorted = new ArrayList<>(combined);
        sorted.sort(Comparator.comparingDouble(ScoredBox::score).reversed());
        return List.copyOf(sorted.subList(0, Math.min(sorted.size(), options.maxDetections())));
    }
}

package org.seg4j.metrics;

import java.util.Arrays;
import org.seg4j.image.LabelMap;

/**
 * The best F-score of one class's pixels over thresholds of its predicted probability: for each threshold t, a pixel
 * is predicted positive when {@code P(class) > t} and is truly positive when its label is the class; precision
 * {@code TP / (TP + FP)}, recall {@code TP / (TP + FN)}, {@code F = 2 P R / (P + R)}, and the maximum over t.
 *
 * <p>{@code 1 - F} is the ISBI 2012 EM segmentation challenge's "pixel error: 1 - the maximal F-score of pixel
 * similarity" (Arganda-Carreras et al., "Crowdsourcing the creation of image segmentation algorithms for
 * connectomics", Front. Neuroanat. 2015; Fiji's {@code trainableSegmentation.metrics.PixelError}), where the
 * positive pixels are the white ones of the challenge's labels, the cell interiors, and the proposal is their
 * probability. It is the pixel error that the U-Net paper reports (0.0611 on the challenge's test set). It differs
 * from the misclassification rate {@code 1 - pixel accuracy}: it ignores true negatives and lets the threshold move.
 *
 * <p>Pixels labelled with the ignore index count for nothing. Not thread-safe.
 */
public final class MaximalFScore {
    private final int positiveClass;
    private final int ignoreIndex;
    private final double[] thresholds;
    private final long[] truePositives;
    private final long[] falsePositives;
    private long positives;

    /**
     * @param positiveClass the class whose pixels are positive
     * @param ignoreIndex label value of pixels that are not counted
     * @param thresholds the thresholds tried, ascending, each in [0, 1]
     */
    public MaximalFScore(int positiveClass, int ignoreIndex, double[] thresholds) {
        if (thresholds.length == 0) {
            throw new IllegalArgumentException("at least one threshold is needed");
        }
        for (int k = 0; k < thresholds.length; k++) {
            if (!(thresholds[k] >= 0 && thresholds[k] <= 1) || k > 0 && !(thresholds[k] > thresholds[k - 1])) {
                throw new IllegalArgumentException("thresholds must ascend within [0, 1], got "
                        + Arrays.toString(thresholds));
            }
        }
        this.positiveClass = positiveClass;
        this.ignoreIndex = ignoreIndex;
        this.thresholds = thresholds.clone();
        this.truePositives = new long[thresholds.length];
        this.falsePositives = new long[thresholds.length];
    }

    /** Thresholds 0, 0.01, ..., 1. */
    public static MaximalFScore percentSteps(int positiveClass, int ignoreIndex) {
        double[] t = new double[101];
        for (int i = 0; i <= 100; i++) {
            t[i] = i / 100.0;
        }
        return new MaximalFScore(positiveClass, ignoreIndex, t);
    }

    /**
     * Counts one image.
     *
     * @param truth the labels
     * @param probabilities class-major planes ({@code [c][y][x]}) of the same size; the positive class's plane is read
     */
    public void accumulate(LabelMap truth, float[] probabilities) {
        int n = truth.width() * truth.height();
        int offset = positiveClass * n;
        if (probabilities.length < offset + n) {
            throw new IllegalArgumentException("the probabilities hold " + probabilities.length / Math.max(1, n)
                    + " planes of " + truth.width() + "x" + truth.height() + ", no plane for class " + positiveClass);
        }
        byte[] labels = truth.data();
        for (int i = 0; i < n; i++) {
            int label = labels[i] & 0xFF;
            if (label == ignoreIndex) {
                continue;
            }
            boolean positive = label == positiveClass;
            if (positive) {
                positives++;
            }
            float p = probabilities[offset + i];
            for (int k = 0; k < thresholds.length && p > thresholds[k]; k++) {
                if (positive) {
                    truePositives[k]++;
                } else {
                    falsePositives[k]++;
                }
            }
        }
    }

    /**
     * The best threshold and its scores (the first of equals); F is 0 where nothing is predicted positive or
     * nothing is positive.
     */
    public Best best() {
        Best best = null;
        for (int k = 0; k < thresholds.length; k++) {
            long tp = truePositives[k];
            long predicted = tp + falsePositives[k];
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = positives == 0 ? 0 : (double) tp / positives;
            double f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (best == null || f > best.fScore()) {
                best = new Best(thresholds[k], f, precision, recall);
            }
        }
        return best;
    }

    /** The threshold with the highest F-score, with that F-score, its precision and its recall. */
    public record Best(double threshold, double fScore, double precision, double recall) {
    }
}

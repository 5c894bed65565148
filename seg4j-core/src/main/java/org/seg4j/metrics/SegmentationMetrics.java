package org.seg4j.metrics;

import java.util.ArrayList;
import java.util.List;
import org.seg4j.label.LabelSpec;

/**
 * The standard semantic-segmentation scores derived from a {@link ConfusionMatrix}, as defined by Long, Shelhamer and
 * Darrell, "Fully Convolutional Networks for Semantic Segmentation", CVPR 2015, section 5. With {@code n_ij} the
 * pixels of class {@code i} predicted as class {@code j} and {@code t_i} the ground-truth pixels of class {@code i}:
 * <ul>
 *   <li>pixel accuracy {@code = sum_i n_ii / sum_i t_i};</li>
 *   <li>mean accuracy {@code = (1/n_cl) sum_i n_ii / t_i};</li>
 *   <li>mean IU {@code = (1/n_cl) sum_i n_ii / (t_i + sum_j n_ji - n_ii)};</li>
 *   <li>frequency weighted IU {@code = (sum_k t_k)^-1 sum_i t_i n_ii / (t_i + sum_j n_ji - n_ii)};</li>
 *   <li>per class also Dice {@code = 2 n_ii / (t_i + sum_j n_ji)}, which equals the F1 score of the class.</li>
 * </ul>
 *
 * <p>Conventions where the paper is silent:
 * <ul>
 *   <li>{@code t_i} includes the class's <em>unassigned</em> pixels (predicted as no class, see
 *       {@link ConfusionMatrix}): they are misses of class {@code i} and false positives of no class.</li>
 *   <li>A class <em>absent</em> from both ground truth and prediction ({@code t_i = 0} and {@code sum_j n_ji = 0}) has
 *       NaN IoU, accuracy and Dice and is left out of every mean ({@code n_cl} counts only the others).</li>
 *   <li>A class only predicted ({@code t_i = 0}, {@code sum_j n_ji > 0}) has NaN accuracy (recall is undefined with no
 *       ground truth), left out of the mean accuracy, but IoU 0 and Dice 0, and its IoU counts in the mean IU: its
 *       false positives are real errors. Its weight in the frequency weighted IU is {@code t_i = 0}.</li>
 *   <li>With no counted pixel at all, every score is NaN.</li>
 * </ul>
 * Immutable; computed once from the counts at construction.
 */
public final class SegmentationMetrics {
    private final List<String> classNames;
    private final long[] gtPixels;
    private final long[] predictedPixels;
    private final long[] correct;
    private final long[] unassigned;
    private final long total;

    private SegmentationMetrics(ConfusionMatrix cm, List<String> classNames) {
        int n = cm.numClasses();
        if (classNames.size() != n) {
            throw new IllegalArgumentException("the matrix has " + n + " classes but " + classNames.size()
                    + " class names were given");
        }
        this.classNames = List.copyOf(classNames);
        this.gtPixels = new long[n];
        this.predictedPixels = new long[n];
        this.correct = new long[n];
        this.unassigned = new long[n];
        for (int c = 0; c < n; c++) {
            gtPixels[c] = cm.groundTruthPixels(c);
            predictedPixels[c] = cm.predictedPixels(c);
            correct[c] = cm.count(c, c);
            unassigned[c] = cm.unassigned(c);
        }
        this.total = cm.total();
    }

    /** Scores of a matrix whose class {@code i} is named {@code classNames.get(i)}. */
    public static SegmentationMetrics of(ConfusionMatrix cm, List<String> classNames) {
        return new SegmentationMetrics(cm, classNames);
    }

    /** Scores of a matrix built for this label spec (same classes and ignore index). */
    public static SegmentationMetrics of(ConfusionMatrix cm, LabelSpec spec) {
        if (cm.ignoreIndex() != spec.ignoreIndex()) {
            throw new IllegalArgumentException("the matrix ignores " + cm.ignoreIndex() + " but label spec '"
                    + spec.name() + "' ignores " + spec.ignoreIndex());
        }
        return new SegmentationMetrics(cm, spec.classNames());
    }

    public int numClasses() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    /** Counted pixels (ground truth not ignored). */
    public long pixels() {
        return total;
    }

    /** Ground-truth pixels of a class, {@code t_i}. */
    public long groundTruthPixels(int c) {
        return gtPixels[c];
    }

    /** Pixels of ground-truth class {@code c} predicted as no class. */
    public long unassignedPixels(int c) {
        return unassigned[c];
    }

    /** Counted pixels predicted as no class, all classes together. */
    public long unassignedPixels() {
        long sum = 0;
        for (long u : unassigned) {
            sum += u;
        }
        return sum;
    }

    /** True if the class is in neither the ground truth nor the prediction. */
    public boolean isAbsent(int c) {
        return gtPixels[c] == 0 && predictedPixels[c] == 0;
    }

    /** Names of the absent classes, whose scores are NaN and left out of the means. */
    public List<String> absentClasses() {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < numClasses(); c++) {
            if (isAbsent(c)) {
                names.add(classNames.get(c));
            }
        }
        return names;
    }

    /** Intersection over union {@code n_ii / (t_i + sum_j n_ji - n_ii)}; NaN if the class is absent. */
    public double iou(int c) {
        long union = gtPixels[c] + predictedPixels[c] - correct[c];
        return union == 0 ? Double.NaN : (double) correct[c] / union;
    }

    /** Per-class accuracy (recall) {@code n_ii / t_i}; NaN if the class has no ground-truth pixel. */
    public double accuracy(int c) {
        return gtPixels[c] == 0 ? Double.NaN : (double) correct[c] / gtPixels[c];
    }

    /** Dice coefficient (F1) {@code 2 n_ii / (t_i + sum_j n_ji)}; NaN if the class is absent. */
    public double dice(int c) {
        long sum = gtPixels[c] + predictedPixels[c];
        return sum == 0 ? Double.NaN : 2.0 * correct[c] / sum;
    }

    /** {@code sum_i n_ii / sum_i t_i}. */
    public double pixelAccuracy() {
        long diag = 0;
        for (long d : correct) {
            diag += d;
        }
        return total == 0 ? Double.NaN : (double) diag / total;
    }

    /** Mean of the defined per-class accuracies (classes with ground truth). */
    public double meanAccuracy() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < numClasses(); c++) {
            if (gtPixels[c] > 0) {
                sum += accuracy(c);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Mean IoU over the classes that are not absent. */
    public double meanIoU() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < numClasses(); c++) {
            if (!isAbsent(c)) {
                sum += iou(c);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** {@code (sum_k t_k)^-1 sum_i t_i IoU_i}, over the classes with ground truth. */
    public double frequencyWeightedIoU() {
        double sum = 0;
        long weight = 0;
        for (int c = 0; c < numClasses(); c++) {
            if (gtPixels[c] > 0) {
                sum += gtPixels[c] * iou(c);
                weight += gtPixels[c];
            }
        }
        return weight == 0 ? Double.NaN : sum / weight;
    }
}

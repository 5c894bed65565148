package org.seg4j.metrics;

import java.util.Arrays;
import org.seg4j.image.LabelMap;

/**
 * A streaming pixel confusion matrix for semantic segmentation: {@code count(gt, pred)} is the number of pixels whose
 * ground truth is class {@code gt} and whose prediction is class {@code pred} (rows ground truth, columns prediction,
 * the {@code n_ij} of Long, Shelhamer and Darrell, "Fully Convolutional Networks for Semantic Segmentation", CVPR 2015,
 * section 5). Counts are {@code long}, so whole data sets of any size fit.
 *
 * <p>Pixel rules, applied by {@link #accumulate(byte[], byte[])}:
 * <ul>
 *   <li>a ground-truth pixel equal to the ignore index is skipped, whatever was predicted there;</li>
 *   <li>a prediction that is not a class ({@code >= numClasses}, for instance the ignore index itself or junk) at a
 *       counted pixel is <em>unassigned</em>: it is a miss for its ground-truth class (it counts in that class's
 *       ground-truth total {@code t_i}, lowering its recall and IoU) but a false positive of no class. These pixels are
 *       kept per ground-truth class in {@link #unassigned(int)}, not in any {@code count(gt, pred)} cell;</li>
 *   <li>a ground-truth value that is neither a class nor the ignore index is a caller bug (the label readers validate
 *       their input) and raises {@link IllegalArgumentException}; the matrix is then left unchanged.</li>
 * </ul>
 *
 * <p>Not thread-safe: give each thread its own matrix and {@link #merge} them at the end (addition of counts, so the
 * result equals one matrix that saw every pixel).
 */
public final class ConfusionMatrix {
    private final int numClasses;
    private final int ignoreIndex;
    /** counts[gt * numClasses + pred]. */
    private final long[] counts;
    private final long[] unassigned;
    /**
     * Per-call scratch histogram with {@code numClasses + 1} columns (the last one: unassigned) and
     * {@code numClasses + 2} rows (classes, then ignore, then invalid), so the pixel loop has no branches.
     */
    private final int[] scratch;
    private final int[] rowOffset = new int[256];
    private final int[] column = new int[256];

    /**
     * @param numClasses  number of classes, 1..255; class ids are {@code 0 .. numClasses-1}
     * @param ignoreIndex label value of pixels that count for nothing, {@code numClasses .. 255}
     */
    public ConfusionMatrix(int numClasses, int ignoreIndex) {
        if (numClasses < 1 || numClasses > 255) {
            throw new IllegalArgumentException("number of classes must be 1..255, got " + numClasses);
        }
        if (ignoreIndex < numClasses || ignoreIndex > 255) {
            throw new IllegalArgumentException("ignore index must be " + numClasses + "..255 (not a class), got "
                    + ignoreIndex);
        }
        this.numClasses = numClasses;
        this.ignoreIndex = ignoreIndex;
        this.counts = new long[numClasses * numClasses];
        this.unassigned = new long[numClasses];
        int columns = numClasses + 1;
        this.scratch = new int[(numClasses + 2) * columns];
        for (int v = 0; v < 256; v++) {
            int row = v < numClasses ? v : v == ignoreIndex ? numClasses : numClasses + 1;
            rowOffset[v] = row * columns;
            column[v] = Math.min(v, numClasses);
        }
    }

    public int numClasses() {
        return numClasses;
    }

    public int ignoreIndex() {
        return ignoreIndex;
    }

    /**
     * Adds every pixel of a ground-truth / prediction pair (both in training ids).
     *
     * @throws IllegalArgumentException if the sizes differ or the ground truth holds a value that is neither a class
     *                                  nor the ignore index
     */
    public void accumulate(LabelMap groundTruth, LabelMap prediction) {
        if (groundTruth.width() != prediction.width() || groundTruth.height() != prediction.height()) {
            throw new IllegalArgumentException("ground truth is " + groundTruth.width() + "x" + groundTruth.height()
                    + " but the prediction is " + prediction.width() + "x" + prediction.height());
        }
        accumulate(groundTruth.data(), prediction.data());
    }

    /**
     * Adds pixel {@code i} of every {@code (gt[i], pred[i])} pair; values are unsigned bytes.
     *
     * @throws IllegalArgumentException if the lengths differ or {@code gt} holds a value that is neither a class nor
     *                                  the ignore index
     */
    public void accumulate(byte[] gt, byte[] pred) {
        if (gt.length != pred.length) {
            throw new IllegalArgumentException("ground truth has " + gt.length + " pixels but the prediction has "
                    + pred.length);
        }
        int[] hist = scratch;
        int[] rows = rowOffset;
        int[] cols = column;
        for (int i = 0; i < gt.length; i++) {
            hist[rows[gt[i] & 0xFF] + cols[pred[i] & 0xFF]]++;
        }
        fold(gt);
    }

    /** Moves the scratch histogram into the long counts, or rejects the call if an invalid gt value was seen. */
    private void fold(byte[] gt) {
        int columns = numClasses + 1;
        int invalidRow = (numClasses + 1) * columns;
        for (int c = 0; c < columns; c++) {
            if (scratch[invalidRow + c] != 0) {
                Arrays.fill(scratch, 0);
                throw new IllegalArgumentException("ground-truth value " + firstInvalid(gt)
                        + " is neither a class (0.." + (numClasses - 1) + ") nor the ignore index " + ignoreIndex);
            }
        }
        for (int g = 0; g < numClasses; g++) {
            for (int p = 0; p < numClasses; p++) {
                counts[g * numClasses + p] += scratch[g * columns + p];
            }
            unassigned[g] += scratch[g * columns + numClasses];
        }
        Arrays.fill(scratch, 0);
    }

    private int firstInvalid(byte[] gt) {
        for (byte b : gt) {
            int v = b & 0xFF;
            if (v >= numClasses && v != ignoreIndex) {
                return v;
            }
        }
        throw new IllegalStateException("no invalid value found");
    }

    /**
     * Adds the counts of another matrix with the same classes and ignore index (for per-thread matrices).
     *
     * @throws IllegalArgumentException if the class count or ignore index differ
     */
    public void merge(ConfusionMatrix other) {
        if (other.numClasses != numClasses || other.ignoreIndex != ignoreIndex) {
            throw new IllegalArgumentException("cannot merge a matrix of " + other.numClasses + " classes (ignore "
                    + other.ignoreIndex + ") into one of " + numClasses + " classes (ignore " + ignoreIndex + ")");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        for (int i = 0; i < numClasses; i++) {
            unassigned[i] += other.unassigned[i];
        }
    }

    /** Pixels of ground-truth class {@code gt} predicted as class {@code pred}. */
    public long count(int gt, int pred) {
        checkClass(gt);
        checkClass(pred);
        return counts[gt * numClasses + pred];
    }

    /** Pixels of ground-truth class {@code gt} whose prediction was no class (ignore index or another value). */
    public long unassigned(int gt) {
        checkClass(gt);
        return unassigned[gt];
    }

    /** Ground-truth pixels of a class, {@code t_i}: its row sum plus its unassigned pixels. */
    public long groundTruthPixels(int gt) {
        checkClass(gt);
        long sum = unassigned[gt];
        for (int p = 0; p < numClasses; p++) {
            sum += counts[gt * numClasses + p];
        }
        return sum;
    }

    /** Counted pixels predicted as a class, {@code sum_j n_ji} (its column sum). */
    public long predictedPixels(int pred) {
        checkClass(pred);
        long sum = 0;
        for (int g = 0; g < numClasses; g++) {
            sum += counts[g * numClasses + pred];
        }
        return sum;
    }

    /** All counted pixels (ground truth not ignored), unassigned ones included. */
    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        for (long u : unassigned) {
            sum += u;
        }
        return sum;
    }

    private void checkClass(int c) {
        if (c < 0 || c >= numClasses) {
            throw new IndexOutOfBoundsException("class " + c + " is not in 0.." + (numClasses - 1));
        }
    }

    @Override
    public String toString() {
        return "ConfusionMatrix[" + numClasses + " classes, ignore " + ignoreIndex + ", " + total() + " pixels]";
    }
}

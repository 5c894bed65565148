package org.seg4j.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * <p>Not thread-safe, not even for reading (readers first move pending counts into the totals): give each thread its
 * own matrix and {@link #merge} them at the end (addition of counts, so the result equals one matrix that saw every
 * pixel).
 */
public final class ConfusionMatrix {
    /** Interleaved pending tables: pixel j of an 8-pixel word goes to table j % 4 (four independent chains). */
    private static final int TABLES = 4;
    private static final long BYTE_ONES = 0x0101010101010101L;
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int numClasses;
    private final int ignoreIndex;
    /** counts[gt * numClasses + pred], up to date after {@link #flush()}. */
    private final long[] counts;
    private final long[] unassigned;
    /**
     * {@value #TABLES} pending int histograms of {@code tableSize} slots each, not yet in {@link #counts}: rows are
     * the classes, then the ignore index, then every invalid value; columns the classes, then "no class".
     */
    private final int[] pending;
    private final int tableSize;
    private long pendingPixels;
    /** Most pixels the pending tables may hold; each slot holds at most this many, so it must fit an int. */
    private final long pendingLimit;
    /** Slot offset of a ground-truth value's row and slot of a prediction value's column. */
    private final int[] rowOffset = new int[256];
    private final int[] column = new int[256];

    /**
     * @param numClasses  number of classes, 1..255; class ids are {@code 0 .. numClasses-1}
     * @param ignoreIndex label value of pixels that count for nothing, {@code numClasses .. 255}
     */
    public ConfusionMatrix(int numClasses, int ignoreIndex) {
        this(numClasses, ignoreIndex, Integer.MAX_VALUE);
    }

    /** For tests: flushes the pending tables whenever they would hold more than {@code pendingLimit} pixels. */
    ConfusionMatrix(int numClasses, int ignoreIndex, int pendingLimit) {
        if (numClasses < 1 || numClasses > 255) {
            throw new IllegalArgumentException("number of classes must be 1..255, got " + numClasses);
        }
        if (ignoreIndex < numClasses || ignoreIndex > 255) {
            throw new IllegalArgumentException("ignore index must be " + numClasses + "..255 (not a class), got "
                    + ignoreIndex);
        }
        this.numClasses = numClasses;
        this.ignoreIndex = ignoreIndex;
        this.pendingLimit = pendingLimit;
        this.counts = new long[numClasses * numClasses];
        this.unassigned = new long[numClasses];
        int columns = numClasses + 1;
        this.tableSize = (numClasses + 2) * columns;
        this.pending = new int[TABLES * tableSize];
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
     * <p>The loop reads 8 pixels of each array as one {@code long}; a word where both ground truth and prediction
     * are uniform (the common case inside regions) is counted with one addition, other words pixel by pixel into
     * {@value #TABLES} interleaved tables so consecutive increments of the same cell do not wait on each other.
     * Counts stay in int tables until read (or until they could overflow), so a call costs no per-class work.
     *
     * @throws IllegalArgumentException if the lengths differ or {@code gt} holds a value that is neither a class nor
     *                                  the ignore index
     */
    public void accumulate(byte[] gt, byte[] pred) {
        if (gt.length != pred.length) {
            throw new IllegalArgumentException("ground truth has " + gt.length + " pixels but the prediction has "
                    + pred.length);
        }
        if (pendingPixels + gt.length > pendingLimit) {
            flush();
        }
        count(gt, pred, 1);
        pendingPixels += gt.length;
        int invalidRow = (numClasses + 1) * (numClasses + 1);
        for (int t = 0; t < TABLES; t++) {
            for (int c = 0; c <= numClasses; c++) {
                if (pending[t * tableSize + invalidRow + c] != 0) {
                    count(gt, pred, -1);
                    pendingPixels -= gt.length;
                    throw new IllegalArgumentException("ground-truth value " + firstInvalid(gt)
                            + " is neither a class (0.." + (numClasses - 1) + ") nor the ignore index " + ignoreIndex);
                }
            }
        }
    }

    /** Adds {@code sign} (1, or -1 to take a rejected call back out) per pixel to the pending tables. */
    private void count(byte[] gt, byte[] pred, int sign) {
        int[] h = pending;
        int[] rows = rowOffset;
        int[] cols = column;
        int t1 = tableSize;
        int t2 = 2 * tableSize;
        int t3 = 3 * tableSize;
        int n = gt.length;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long g = (long) WORDS.get(gt, i);
            long p = (long) WORDS.get(pred, i);
            int g0 = (int) g & 0xFF;
            int p0 = (int) p & 0xFF;
            if (g == g0 * BYTE_ONES && p == p0 * BYTE_ONES) {
                h[rows[g0] + cols[p0]] += 8 * sign;
                continue;
            }
            h[rows[g0] + cols[p0]] += sign;
            h[t1 + rows[(int) (g >>> 8) & 0xFF] + cols[(int) (p >>> 8) & 0xFF]] += sign;
            h[t2 + rows[(int) (g >>> 16) & 0xFF] + cols[(int) (p >>> 16) & 0xFF]] += sign;
            h[t3 + rows[(int) (g >>> 24) & 0xFF] + cols[(int) (p >>> 24) & 0xFF]] += sign;
            h[rows[(int) (g >>> 32) & 0xFF] + cols[(int) (p >>> 32) & 0xFF]] += sign;
            h[t1 + rows[(int) (g >>> 40) & 0xFF] + cols[(int) (p >>> 40) & 0xFF]] += sign;
            h[t2 + rows[(int) (g >>> 48) & 0xFF] + cols[(int) (p >>> 48) & 0xFF]] += sign;
            h[t3 + rows[(int) (g >>> 56)] + cols[(int) (p >>> 56)]] += sign;
        }
        for (; i < n; i++) {
            h[rows[gt[i] & 0xFF] + cols[pred[i] & 0xFF]] += sign;
        }
    }

    /** Moves the pending int tables into the long counts. */
    private void flush() {
        if (pendingPixels == 0) {
            return;
        }
        int columns = numClasses + 1;
        for (int t = 0; t < TABLES; t++) {
            int base = t * tableSize;
            for (int g = 0; g < numClasses; g++) {
                for (int p = 0; p < numClasses; p++) {
                    counts[g * numClasses + p] += pending[base + g * columns + p];
                }
                unassigned[g] += pending[base + g * columns + numClasses];
            }
        }
        Arrays.fill(pending, 0);
        pendingPixels = 0;
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
        flush();
        other.flush();
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        for (int i = 0; i < numClasses; i++) {
            unassigned[i] += other.unassigned[i];
        }
    }

    /**
     * Adds {@code pixels} pixels of ground-truth class {@code gt} predicted as {@code pred} (a class, or -1 for
     * unassigned): to rebuild a matrix saved as counts, e.g. a training run's last validation.
     */
    public void add(int gt, int pred, long pixels) {
        checkClass(gt);
        if (pixels < 0) {
            throw new IllegalArgumentException("pixel count must be >= 0, got " + pixels);
        }
        flush();
        if (pred == -1) {
            unassigned[gt] += pixels;
        } else {
            checkClass(pred);
            counts[gt * numClasses + pred] += pixels;
        }
    }

    /** Pixels of ground-truth class {@code gt} predicted as class {@code pred}. */
    public long count(int gt, int pred) {
        checkClass(gt);
        checkClass(pred);
        flush();
        return counts[gt * numClasses + pred];
    }

    /** Pixels of ground-truth class {@code gt} whose prediction was no class (ignore index or another value). */
    public long unassigned(int gt) {
        checkClass(gt);
        flush();
        return unassigned[gt];
    }

    /** Ground-truth pixels of a class, {@code t_i}: its row sum plus its unassigned pixels. */
    public long groundTruthPixels(int gt) {
        checkClass(gt);
        flush();
        long sum = unassigned[gt];
        for (int p = 0; p < numClasses; p++) {
            sum += counts[gt * numClasses + p];
        }
        return sum;
    }

    /** Counted pixels predicted as a class, {@code sum_j n_ji} (its column sum). */
    public long predictedPixels(int pred) {
        checkClass(pred);
        flush();
        long sum = 0;
        for (int g = 0; g < numClasses; g++) {
            sum += counts[g * numClasses + pred];
        }
        return sum;
    }

    /** All counted pixels (ground truth not ignored), unassigned ones included. */
    public long total() {
        flush();
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

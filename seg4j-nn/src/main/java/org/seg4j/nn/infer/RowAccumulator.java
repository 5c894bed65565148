package org.seg4j.nn.infer;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Sums the logits of overlapping windows row by row and hands each row, averaged, to a sink once no later window can
 * touch it. Only the rows of the current band of windows are held, and the arrays of finished rows are reused for
 * the rows of later bands, so memory grows with the window and the image width, not with the image height, and no
 * garbage is made per row.
 */
final class RowAccumulator {
    /**
     * Receives finished rows: {@code logits[c * width + x]}, averaged over the windows that covered them. The array is
     * reused once the call returns.
     */
    interface RowSink {
        void row(int y, float[] logits);
    }

    private final int classes;
    private final int width;
    private final float[][] sums;
    private final int[][] counts;
    private final RowSink sink;
    private final ArrayDeque<float[]> freeSums = new ArrayDeque<>();
    private final ArrayDeque<int[]> freeCounts = new ArrayDeque<>();
    private int finishedBelow;

    RowAccumulator(int classes, int width, int height, RowSink sink) {
        this.classes = classes;
        this.width = width;
        this.sums = new float[height][];
        this.counts = new int[height][];
        this.sink = sink;
    }

    /**
     * Adds the logits of one window, {@code logits[c * stride * tileRows + r * stride + x]}, whose pixel (0, 0) is at
     * image (x0, y0); only the part inside the image ({@code rows x cols}) is used.
     */
    void add(float[] logits, int stride, int tileRows, int x0, int y0, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int y = y0 + r;
            if (sums[y] == null) {
                sums[y] = freeSums.isEmpty() ? new float[classes * width] : zeroed(freeSums.pop());
                counts[y] = freeCounts.isEmpty() ? new int[width] : zeroed(freeCounts.pop());
            }
            float[] sum = sums[y];
            for (int c = 0; c < classes; c++) {
                int src = c * stride * tileRows + r * stride;
                int dst = c * width + x0;
                for (int x = 0; x < cols; x++) {
                    sum[dst + x] += logits[src + x];
                }
            }
            int[] count = counts[y];
            for (int x = 0; x < cols; x++) {
                count[x0 + x]++;
            }
        }
    }

    /** Averages and emits every row above {@code y}. */
    void finishBelow(int y) {
        for (; finishedBelow < Math.min(y, sums.length); finishedBelow++) {
            float[] sum = sums[finishedBelow];
            int[] count = counts[finishedBelow];
            for (int c = 0; c < classes; c++) {
                for (int x = 0; x < width; x++) {
                    sum[c * width + x] /= count[x];
                }
            }
            sink.row(finishedBelow, sum);
            freeSums.push(sum);
            freeCounts.push(count);
            sums[finishedBelow] = null;
            counts[finishedBelow] = null;
        }
    }

    private static float[] zeroed(float[] a) {
        Arrays.fill(a, 0f);
        return a;
    }

    private static int[] zeroed(int[] a) {
        Arrays.fill(a, 0);
        return a;
    }
}

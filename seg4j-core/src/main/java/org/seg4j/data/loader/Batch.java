package org.seg4j.data.loader;

import java.util.List;
import org.seg4j.box.ObjectBox;

/**
 * Samples stacked for a network, all of one size {@code width x height}:
 * <ul>
 *   <li>{@code images}: N x 3 x H x W floats, sample-major then CHW, normalised;</li>
 *   <li>{@code labels}: N x H x W training ids as unsigned bytes (read with {@code & 0xFF}; the spec's ignore
 *       index marks padding and void), or null when the data set has no labels;</li>
 *   <li>{@code indices}, {@code ids}, {@code boxes}: per sample, in batch order; indices are positions in the data
 *       set.</li>
 * </ul>
 * The arrays are not copied: a batch owns them.
 */
public record Batch(int[] indices, List<String> ids, int width, int height, float[] images, byte[] labels,
        List<List<ObjectBox>> boxes) {
    public Batch {
        ids = List.copyOf(ids);
        boxes = List.copyOf(boxes);
        int n = indices.length;
        if (ids.size() != n || boxes.size() != n || images.length != n * 3 * width * height
                || (labels != null && labels.length != n * width * height)) {
            throw new IllegalArgumentException("batch arrays disagree with " + n + " samples of " + width + "x"
                    + height);
        }
    }

    /** The number of samples N. */
    public int size() {
        return indices.length;
    }

    /** The label of sample n at (x, y). */
    public int label(int n, int x, int y) {
        return labels[(n * height + y) * width + x] & 0xFF;
    }
}

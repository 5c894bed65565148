package org.seg4j.image;

import java.util.Arrays;

/**
 * A map of one label per pixel, 0..255, row-major. Depending on context the values are on-disk ids (as read from
 * a file) or training ids (after {@link org.seg4j.label.LabelSpec#toTrainIds}), where the spec's ignore index marks
 * pixels that count for nothing.
 */
public final class LabelMap {
    private final int width;
    private final int height;
    private final byte[] labels;

    public LabelMap(int width, int height, byte[] labels) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("label map size must be positive, got " + width + "x" + height);
        }
        if (labels.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " labels, got " + labels.length);
        }
        this.width = width;
        this.height = height;
        this.labels = labels;
    }

    public static LabelMap filled(int width, int height, int value) {
        byte[] data = new byte[width * height];
        Arrays.fill(data, (byte) value);
        return new LabelMap(width, height, data);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The backing array (not a copy); read values with {@code & 0xFF}. */
    public byte[] data() {
        return labels;
    }

    public int get(int x, int y) {
        return labels[y * width + x] & 0xFF;
    }

    public void set(int x, int y, int value) {
        labels[y * width + x] = (byte) value;
    }

    public LabelMap copy() {
        return new LabelMap(width, height, labels.clone());
    }

    /** How many pixels hold each value 0..255. */
    public long[] histogram() {
        long[] counts = new long[256];
        for (byte b : labels) {
            counts[b & 0xFF]++;
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMap other && other.width == width && other.height == height
                && Arrays.equals(other.labels, labels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "LabelMap[" + width + "x" + height + "]";
    }
}

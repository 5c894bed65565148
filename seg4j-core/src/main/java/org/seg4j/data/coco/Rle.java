package org.seg4j.data.coco;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.seg4j.image.LabelMap;

/**
 * A binary mask run-length encoded as in the COCO API (pycocotools {@code maskApi.c}): the {@code height x width}
 * pixels are read in column-major order (down the first column, then the next), and {@code counts} alternates runs
 * of 0s and 1s, starting with 0s (a mask whose first pixel is set starts with a count of 0). The counts sum to
 * {@code height * width}.
 *
 * <p>COCO stores it either uncompressed ({@code "counts": [int, ...]}, the crowd annotations of the instances files)
 * or as a string ({@link #fromString}, {@link #toCompressedString}): pycocotools' {@code rleToString}, a LEB128-like
 * code of 5 data bits per character (ASCII 48..111, bit 0x20 = "more characters follow", bit 0x10 of the last one =
 * sign), where every count from the fourth on is stored as its difference to the count two places before it.
 *
 * <p>Instances are immutable; the constructor rejects counts that are negative or do not sum to the pixel count.
 */
public final class Rle implements CocoSegmentation {
    private static final int CHAR_OFFSET = 48;
    private static final int MAX_CHARS_PER_COUNT = 12;

    private final int height;
    private final int width;
    private final int[] counts;

    /**
     * @throws IllegalArgumentException if the size is not positive, a count is negative, or the counts do not sum to
     *     {@code height * width}
     */
    public Rle(int height, int width, int[] counts) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("RLE size must be positive, got [" + height + ", " + width + "]");
        }
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("RLE count " + i + " is negative (" + counts[i] + ")");
            }
            sum += counts[i];
        }
        if (sum != (long) height * width) {
            throw new IllegalArgumentException("RLE counts sum to " + sum + " but size [" + height + ", " + width
                    + "] has " + (long) height * width + " pixels");
        }
        this.height = height;
        this.width = width;
        this.counts = counts.clone();
    }

    /**
     * Decodes pycocotools' compressed string ({@code rleFrString}).
     *
     * @throws IllegalArgumentException if a character is outside 48..111, the string ends inside a count, a count is
     *     negative or too large, or the counts do not sum to {@code height * width}
     */
    public static Rle fromString(String s, int height, int width) {
        int[] out = new int[s.length()];
        int m = 0;
        int p = 0;
        while (p < s.length()) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                if (p >= s.length()) {
                    throw new IllegalArgumentException("RLE string ends inside a count");
                }
                if (k == MAX_CHARS_PER_COUNT) {
                    throw new IllegalArgumentException("RLE string has a count longer than " + MAX_CHARS_PER_COUNT
                            + " characters at position " + p);
                }
                int c = s.charAt(p) - CHAR_OFFSET;
                if (c < 0 || c > 63) {
                    throw new IllegalArgumentException("RLE string has character '" + s.charAt(p) + "' at position "
                            + p + ", outside the code's range '0'..'o'");
                }
                x |= (long) (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) {
                    x |= -1L << (5 * k);
                }
            }
            if (m > 2) {
                x += out[m - 2];
            }
            if (x < 0 || x > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("RLE string decodes to count " + x + " at index " + m);
            }
            out[m++] = (int) x;
        }
        return new Rle(height, width, Arrays.copyOf(out, m));
    }

    /** The compressed string pycocotools' {@code rleToString} writes for these counts. */
    public String toCompressedString() {
        StringBuilder sb = new StringBuilder(counts.length * 2);
        for (int i = 0; i < counts.length; i++) {
            long x = counts[i];
            if (i > 2) {
                x -= counts[i - 2];
            }
            boolean more = true;
            while (more) {
                int c = (int) (x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) {
                    c |= 0x20;
                }
                sb.append((char) (c + CHAR_OFFSET));
            }
        }
        return sb.toString();
    }

    /**
     * The union of masks of one size (pycocotools {@code rleMerge} with {@code intersect = 0}): the runs of 1s of all
     * masks, sorted by start and joined where they overlap or touch.
     */
    public static Rle union(int height, int width, List<Rle> masks) {
        List<int[]> runs = new ArrayList<>();
        for (Rle r : masks) {
            if (r.height != height || r.width != width) {
                throw new IllegalArgumentException("cannot join a [" + r.height + ", " + r.width + "] mask into a ["
                        + height + ", " + width + "] one");
            }
            r.forEachRun((start, end) -> runs.add(new int[] {start, end}));
        }
        runs.sort((a, b) -> Integer.compare(a[0], b[0]));
        int[] out = new int[2 * runs.size() + 1];
        int m = 0;
        int pos = 0;
        int i = 0;
        while (i < runs.size()) {
            int start = runs.get(i)[0];
            int end = runs.get(i)[1];
            for (i++; i < runs.size() && runs.get(i)[0] <= end; i++) {
                end = Math.max(end, runs.get(i)[1]);
            }
            out[m++] = start - pos;
            out[m++] = end - start;
            pos = end;
        }
        out[m++] = height * width - pos;
        return new Rle(height, width, Arrays.copyOf(out, m));
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** A copy of the counts. */
    public int[] counts() {
        return counts.clone();
    }

    /** Number of set pixels: the sum of the odd-indexed counts (pycocotools {@code rleArea}). */
    public long area() {
        long a = 0;
        for (int i = 1; i < counts.length; i += 2) {
            a += counts[i];
        }
        return a;
    }

    @Override
    public Rle toRle(int h, int w) {
        if (h != height || w != width) {
            throw new IllegalArgumentException("RLE size [" + height + ", " + width + "] differs from the image's ["
                    + h + ", " + w + "]");
        }
        return this;
    }

    /** Writes {@code value} into every set pixel of a row-major map of this mask's size. */
    public void paint(LabelMap target, int value) {
        if (target.width() != width || target.height() != height) {
            throw new IllegalArgumentException("cannot paint a [" + height + ", " + width + "] mask into a "
                    + target.width() + "x" + target.height() + " map");
        }
        byte[] data = target.data();
        byte v = (byte) value;
        forEachRun((start, end) -> {
            int x = start / height;
            int y = start % height;
            for (int i = start; i < end; i++) {
                data[y * width + x] = v;
                if (++y == height) {
                    y = 0;
                    x++;
                }
            }
        });
    }

    private void forEachRun(RunConsumer consumer) {
        int pos = 0;
        for (int i = 0; i < counts.length; i++) {
            if ((i & 1) == 1 && counts[i] > 0) {
                consumer.accept(pos, pos + counts[i]);
            }
            pos += counts[i];
        }
    }

    @FunctionalInterface
    private interface RunConsumer {
        void accept(int start, int end);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rle r && r.height == height && r.width == width && Arrays.equals(r.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Rle[" + height + "x" + width + ", " + counts.length + " runs, area " + area() + "]";
    }
}

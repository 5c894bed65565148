package org.seg4j.crf;

import java.util.Arrays;
import org.seg4j.image.RgbImage;

/**
 * Sparse scribbles drawn in colours, read as pydensecrf's {@code examples/inference.py} reads them: each distinct
 * colour other than black is one label, numbered in increasing order of {@code r + 256 g + 65536 b} (numpy's
 * {@code unique} of the packed colour); black (0, 0, 0) means unknown, when present.
 *
 * @param labels label per pixel, -1 for unknown
 * @param colours the colour of each label, 0xRRGGBB
 */
public record ScribbleAnnotation(int[] labels, int[] colours) {
    /** At most this many labels, so that the indices fit a label PNG with 255 left for "ignore". */
    public static final int MAX_LABELS = 255;

    /** Reads the labels from an annotation image; at least two non-black colours and at most 255. */
    public static ScribbleAnnotation of(RgbImage annotation) {
        int n = annotation.width() * annotation.height();
        byte[] rgb = annotation.data();
        int[] packed = new int[n];
        for (int i = 0; i < n; i++) {
            packed[i] = (rgb[3 * i] & 0xFF) | (rgb[3 * i + 1] & 0xFF) << 8 | (rgb[3 * i + 2] & 0xFF) << 16;
        }
        int[] distinct = Arrays.stream(packed).distinct().filter(c -> c != 0).sorted().toArray();
        if (distinct.length < 2) {
            throw new IllegalArgumentException("the annotation has " + distinct.length
                    + " non-black colour(s); it needs at least 2 labels");
        }
        if (distinct.length > MAX_LABELS) {
            throw new IllegalArgumentException("the annotation has " + distinct.length + " colours, more than "
                    + MAX_LABELS + " labels");
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = packed[i] == 0 ? -1 : Arrays.binarySearch(distinct, packed[i]);
        }
        int[] colours = new int[distinct.length];
        for (int l = 0; l < colours.length; l++) {
            int c = distinct[l];
            colours[l] = (c & 0xFF) << 16 | (c >> 8 & 0xFF) << 8 | (c >> 16 & 0xFF);
        }
        return new ScribbleAnnotation(labels, colours);
    }

    public int labelCount() {
        return colours.length;
    }

    /** pydensecrf's {@code unary_from_labels} with {@code gt_prob}. */
    public Unary unary(float gtProb) {
        return Unary.fromAnnotation(labels, colours.length, gtProb);
    }
}

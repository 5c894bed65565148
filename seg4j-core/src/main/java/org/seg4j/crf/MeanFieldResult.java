package org.seg4j.crf;

import org.seg4j.image.LabelMap;

/**
 * The outcome of mean-field inference: the marginals {@code Q} (planar, {@code [l * points + i]}, the layout of a
 * numpy {@code [L, H, W]} array), the MAP labelling {@code argmax_l Q_i(l)} (the lowest label on ties), and, when
 * asked for, the free energy after each iteration.
 */
public final class MeanFieldResult {
    private final int labels;
    private final int points;
    private final float[] q;
    private final int[] map;
    private final double[] energies;

    MeanFieldResult(int labels, int points, float[] q, int[] map, double[] energies) {
        this.labels = labels;
        this.points = points;
        this.q = q;
        this.map = map;
        this.energies = energies;
    }

    public int labels() {
        return labels;
    }

    public int points() {
        return points;
    }

    /** Marginals {@code Q_i(l)} at {@code [l * points + i]} (not a copy). */
    public float[] q() {
        return q;
    }

    /** MAP label of each pixel (not a copy). */
    public int[] map() {
        return map;
    }

    /**
     * The mean-field free energy {@code F(Q_t) = sum Q log Q + sum U Q + 1/2 sum Q Psi(Q)} for {@code t = 0} (the
     * softmax of the unary) to the final iteration, where {@code Psi} is the pairwise message; the KL divergence
     * {@code KL(Q || P)} up to the constant {@code log Z}. Empty unless tracking was requested.
     */
    public double[] energies() {
        return energies;
    }

    /** The MAP labels as a {@code width x height} label map (at most 256 labels). */
    public LabelMap labelMap(int width, int height) {
        if ((long) width * height != points) {
            throw new IllegalArgumentException(width + "x" + height + " does not hold " + points + " pixels");
        }
        if (labels > 256) {
            throw new IllegalArgumentException(labels + " labels do not fit in an 8-bit label map");
        }
        byte[] b = new byte[points];
        for (int i = 0; i < points; i++) {
            b[i] = (byte) map[i];
        }
        return new LabelMap(width, height, b);
    }
}

package org.seg4j.crf;

/**
 * Unary energies {@code theta_i(l)} of a dense CRF, {@code -log P(l)} in the formula. Inputs are planar, label
 * after label ({@code [l * points + i]}, the layout of a numpy {@code [L, H, W]} array); they are stored pixel after
 * pixel for inference.
 */
public final class Unary {
    /** Probabilities below this are clipped before the logarithm, as pydensecrf's {@code unary_from_softmax}. */
    public static final float PROBABILITY_CLIP = 1e-5f;

    private final int labels;
    private final int points;
    /** {@code [i * labels + l]}. */
    private final float[] energy;

    private Unary(int labels, int points, float[] energy) {
        this.labels = labels;
        this.points = points;
        this.energy = energy;
    }

    /**
     * From probabilities {@code probs[l * points + i]}: {@code -log max(p, 1e-5)}. Values must be finite and
     * non-negative; they need not sum to one (the CRF only sees their logarithms' differences).
     */
    public static Unary fromProbabilities(float[] probs, int labels, int points) {
        checkShape(probs, labels, points);
        float[] e = new float[probs.length];
        for (int l = 0; l < labels; l++) {
            for (int i = 0; i < points; i++) {
                float p = probs[l * points + i];
                if (!(p >= 0) || p == Float.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("probability of label " + l + " at pixel " + i
                            + " is " + p + "; probabilities must be finite and non-negative");
                }
                e[i * labels + l] = (float) -Math.log(Math.max(p, PROBABILITY_CLIP));
            }
        }
        return new Unary(labels, points, e);
    }

    /** From energies {@code energy[l * points + i]} (e.g. negative log-probabilities or negated scores). */
    public static Unary fromEnergies(float[] energy, int labels, int points) {
        checkShape(energy, labels, points);
        float[] e = new float[energy.length];
        for (int l = 0; l < labels; l++) {
            for (int i = 0; i < points; i++) {
                float v = energy[l * points + i];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("energy of label " + l + " at pixel " + i + " is " + v
                            + "; energies must be finite");
                }
                e[i * labels + l] = v;
            }
        }
        return new Unary(labels, points, e);
    }

    /**
     * From sparse annotations, as pydensecrf's {@code unary_from_labels(labels, n, gt_prob, zero_unsure=True)}:
     * an annotated pixel ({@code annotation[i]} in {@code 0..labels-1}) gets probability {@code gtProb} for its
     * label and {@code (1 - gtProb) / (labels - 1)} for each other; an unknown pixel ({@code annotation[i] < 0})
     * gets the uniform {@code 1 / labels}.
     */
    public static Unary fromAnnotation(int[] annotation, int labels, float gtProb) {
        if (labels < 2) {
            throw new IllegalArgumentException("an annotation needs at least 2 labels, got " + labels);
        }
        if (!(gtProb > 0 && gtProb < 1)) {
            throw new IllegalArgumentException("gt-prob must be in (0, 1), got " + gtProb);
        }
        float onLabel = (float) -Math.log(gtProb);
        float offLabel = (float) -Math.log((1.0 - gtProb) / (labels - 1));
        float unknown = (float) -Math.log(1.0 / labels);
        int points = annotation.length;
        float[] e = new float[points * labels];
        for (int i = 0; i < points; i++) {
            int a = annotation[i];
            if (a >= labels) {
                throw new IllegalArgumentException("annotation " + a + " at pixel " + i + " is not below " + labels);
            }
            for (int l = 0; l < labels; l++) {
                e[i * labels + l] = a < 0 ? unknown : a == l ? onLabel : offLabel;
            }
        }
        return new Unary(labels, points, e);
    }

    private static void checkShape(float[] values, int labels, int points) {
        if (labels < 1) {
            throw new IllegalArgumentException("need at least one label, got " + labels);
        }
        if (points < 1 || values.length != (long) labels * points) {
            throw new IllegalArgumentException("expected " + labels + " x " + points + " values, got " + values.length);
        }
    }

    public int labels() {
        return labels;
    }

    public int points() {
        return points;
    }

    /** {@code theta_i(l)}. */
    public float energy(int i, int l) {
        return energy[i * labels + l];
    }

    /** Pixel-major energies {@code [i * labels + l]} (not a copy). */
    float[] pixelMajor() {
        return energy;
    }
}

package org.seg4j.crf;

/**
 * The label compatibility {@code mu(l, l')} of a pairwise term: in mean-field inference the filtered marginals
 * {@code Qf_i(l') = sum_j k(f_i, f_j) Q_j(l')} of a kernel contribute {@code -sum_l' mu(l, l') Qf_i(l')} to the
 * logit of label {@code l} at pixel {@code i} (Krähenbühl and Koltun 2011, Algorithm 1).
 *
 * <p>Signs follow densecrf: {@link #potts(float) Potts} with weight {@code w} is {@code mu = -w} on the diagonal
 * (a reward for agreeing), which gives the same marginals as the textbook {@code mu(l, l') = w [l != l']}: the two
 * differ by {@code w sum_l' Qf_i(l')}, the same for every label of a pixel, which the softmax removes.
 */
public sealed interface LabelCompatibility permits LabelCompatibility.Potts, LabelCompatibility.Matrix {
    /**
     * For each of {@code pixels} rows of {@code labels} values ({@code [j * labels + l]}), subtracts the message
     * {@code sum_l' mu(l, l') filtered[j * labels + l']} from {@code logits[j * labels + l]}.
     */
    void subtractMessages(float[] filtered, float[] logits, int pixels, int labels);

    /** Number of labels the compatibility is defined for, or -1 when it fits any number (Potts). */
    int labels();

    /** Potts model with weight {@code w} (densecrf's {@code PottsCompatibility}; the formula's {@code w1}, {@code w2}). */
    static LabelCompatibility potts(float w) {
        if (!Float.isFinite(w)) {
            throw new IllegalArgumentException("Potts weight must be finite, got " + w);
        }
        return new Potts(w);
    }

    /**
     * A general compatibility matrix {@code mu[l][l']} (penalties: positive discourages the pair). As densecrf's
     * {@code MatrixCompatibility}, the symmetric part {@code (mu + mu^T) / 2} is used, the only part mean field can
     * represent.
     */
    static LabelCompatibility matrix(float[][] mu) {
        int n = mu.length;
        if (n == 0) {
            throw new IllegalArgumentException("compatibility matrix is empty");
        }
        float[] sym = new float[n * n];
        for (int a = 0; a < n; a++) {
            if (mu[a].length != n) {
                throw new IllegalArgumentException("compatibility matrix must be square, row " + a + " has "
                        + mu[a].length + " entries for " + n + " labels");
            }
            for (int b = 0; b < n; b++) {
                float v = 0.5f * (mu[a][b] + mu[b][a]);
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("compatibility matrix entry (" + a + ", " + b + ") is not finite");
                }
                sym[a * n + b] = v;
            }
        }
        return new Matrix(n, sym);
    }

    /** Potts compatibility: message {@code -w Qf(l)}, one flat loop over the rows (vectorised by the JIT). */
    record Potts(float weight) implements LabelCompatibility {
        @Override
        public void subtractMessages(float[] filtered, float[] logits, int pixels, int labels) {
            int size = pixels * labels;
            for (int k = 0; k < size; k++) {
                logits[k] += weight * filtered[k];
            }
        }

        @Override
        public int labels() {
            return -1;
        }
    }

    /** Symmetric matrix compatibility, row-major {@code labels x labels}. */
    final class Matrix implements LabelCompatibility {
        private final int n;
        private final float[] mu;

        private Matrix(int n, float[] mu) {
            this.n = n;
            this.mu = mu;
        }

        @Override
        public void subtractMessages(float[] filtered, float[] logits, int pixels, int labels) {
            for (int j = 0; j < pixels; j++) {
                int o = j * labels;
                for (int l = 0; l < labels; l++) {
                    float m = 0;
                    int row = l * n;
                    for (int k = 0; k < labels; k++) {
                        m += mu[row + k] * filtered[o + k];
                    }
                    logits[o + l] -= m;
                }
            }
        }

        @Override
        public int labels() {
            return n;
        }

        /** Entry {@code mu(a, b)} of the symmetrised matrix. */
        public float get(int a, int b) {
            return mu[a * n + b];
        }
    }
}

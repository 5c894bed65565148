package org.seg4j.crf;

/**
 * Naive O(N^2) references for the tests: the exact Gaussian filter {@code sum_j exp(-|f_i - f_j|^2 / 2) v_j} and
 * mean-field inference that uses it in place of the lattice, with the same normalisation, compatibility signs and
 * update order as densecrf. Double precision throughout.
 */
final class BruteForce {
    private BruteForce() {
    }

    /** Exact filter of {@code valueSize} channels per point, the point itself included. */
    static double[] filter(Features f, double[] values, int valueSize) {
        int n = f.points();
        int d = f.dims();
        float[] x = f.values();
        double[] out = new double[n * valueSize];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dist = 0;
                for (int k = 0; k < d; k++) {
                    double t = x[i * d + k] - x[j * d + k];
                    dist += t * t;
                }
                double w = Math.exp(-0.5 * dist);
                for (int c = 0; c < valueSize; c++) {
                    out[i * valueSize + c] += w * values[j * valueSize + c];
                }
            }
        }
        return out;
    }

    /**
     * Mean field with exact kernels, symmetric normalisation and Potts weights {@code w[k]} (densecrf's signs);
     * returns pixel-major Q after {@code iterations}.
     */
    static double[] meanField(Features[] kernels, float[] w, Unary u, int iterations) {
        int n = u.points();
        int m = u.labels();
        double[][] norm = new double[kernels.length][];
        for (int k = 0; k < kernels.length; k++) {
            double[] ones = new double[n];
            java.util.Arrays.fill(ones, 1);
            double[] s = filter(kernels[k], ones, 1);
            norm[k] = new double[n];
            for (int i = 0; i < n; i++) {
                norm[k][i] = 1 / Math.sqrt(s[i]);
            }
        }
        double[] logits = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < m; l++) {
                logits[i * m + l] = -u.energy(i, l);
            }
        }
        double[] q = softmax(logits, n, m);
        for (int it = 0; it < iterations; it++) {
            for (int i = 0; i < n; i++) {
                for (int l = 0; l < m; l++) {
                    logits[i * m + l] = -u.energy(i, l);
                }
            }
            for (int k = 0; k < kernels.length; k++) {
                double[] in = new double[n * m];
                for (int i = 0; i < n; i++) {
                    for (int l = 0; l < m; l++) {
                        in[i * m + l] = q[i * m + l] * norm[k][i];
                    }
                }
                double[] out = filter(kernels[k], in, m);
                for (int i = 0; i < n; i++) {
                    for (int l = 0; l < m; l++) {
                        logits[i * m + l] += w[k] * out[i * m + l] * norm[k][i];
                    }
                }
            }
            q = softmax(logits, n, m);
        }
        return q;
    }

    static double[] softmax(double[] logits, int n, int m) {
        double[] q = new double[n * m];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int l = 0; l < m; l++) {
                max = Math.max(max, logits[i * m + l]);
            }
            double s = 0;
            for (int l = 0; l < m; l++) {
                q[i * m + l] = Math.exp(logits[i * m + l] - max);
                s += q[i * m + l];
            }
            for (int l = 0; l < m; l++) {
                q[i * m + l] /= s;
            }
        }
        return q;
    }

    static int[] argmax(double[] q, int n, int m) {
        int[] map = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int l = 1; l < m; l++) {
                if (q[i * m + l] > q[i * m + best]) {
                    best = l;
                }
            }
            map[i] = best;
        }
        return map;
    }
}

package org.seg4j.crf;

/**
 * Locates a feature vector in the permutohedral lattice (Adams, Baek and Davis 2010, section 3.1 and p. 10): lifts
 * it onto the hyperplane {@code sum x = 0} of {@code R^(d+1)}, scaled so that the lattice blur has the standard
 * deviation of a unit Gaussian; rounds it to the nearest remainder-0 lattice point; ranks the residuals, which
 * names the enclosing simplex; and computes the barycentric weights of the simplex's {@code d+1} vertices. Vertex
 * {@code r} of the simplex is the remainder-0 point plus {@code r} on every coordinate, minus {@code d+1} on the
 * coordinates of rank above {@code d - r}. Holds its results in its own arrays: one instance per thread.
 */
final class EnclosingSimplex {
    private final int d;
    private final float[] scale;
    private final float[] elevated;
    private final float[] nearest;
    /** The remainder-0 point's coordinates (the last, minus the sum of the others, included). */
    final int[] remainderZero;
    /** Rank of each coordinate's residual, 0 for the largest. */
    final int[] rank;
    /** {@code byRank[r]} is the coordinate of rank {@code r}. */
    final int[] byRank;
    /** Barycentric weight of vertex {@code r} at {@code [r]}, {@code r = 0..d} (one more entry as scratch). */
    final float[] barycentric;

    EnclosingSimplex(int d) {
        this.d = d;
        int d1 = d + 1;
        scale = new float[d];
        double invStdDev = Math.sqrt(2.0 / 3.0) * d1;
        for (int k = 0; k < d; k++) {
            scale[k] = (float) (invStdDev / Math.sqrt((k + 1.0) * (k + 2.0)));
        }
        elevated = new float[d1];
        nearest = new float[d1];
        remainderZero = new int[d1];
        rank = new int[d1];
        byRank = new int[d1];
        barycentric = new float[d1 + 1];
    }

    /** Locates the point {@code features[from .. from + d)}. */
    void locate(float[] features, int from) {
        int d1 = d + 1;
        float down = 1.0f / d1;
        // Lift onto the hyperplane: elevated = E f (p. 5 of the paper), E's diagonal part folded into scale.
        float sum = 0;
        for (int k = d; k > 0; k--) {
            float cf = features[from + k - 1] * scale[k - 1];
            elevated[k] = sum - k * cf;
            sum += cf;
        }
        elevated[0] = sum;
        // Nearest remainder-0 lattice point: round each coordinate to a multiple of d+1.
        int coordSum = 0;
        for (int k = 0; k <= d; k++) {
            float v = elevated[k] * down;
            float up = (float) Math.ceil(v) * d1;
            float lo = (float) Math.floor(v) * d1;
            nearest[k] = up - elevated[k] < elevated[k] - lo ? up : lo;
            coordSum += Math.round(nearest[k] * down);
        }
        // Rank of each coordinate's residual (0 = largest), which names the simplex.
        // Branch-free: the comparisons are data-dependent and would mispredict half the time.
        for (int k = 0; k <= d; k++) {
            rank[k] = 0;
            barycentric[k] = 0;
        }
        barycentric[d1] = 0;
        for (int k = 0; k < d; k++) {
            float dk = elevated[k] - nearest[k];
            for (int j = k + 1; j <= d; j++) {
                int below = dk < elevated[j] - nearest[j] ? 1 : 0;
                rank[k] += below;
                rank[j] += 1 - below;
            }
        }
        // If the rounded point is off the hyperplane, move it back and fix the ranks.
        for (int k = 0; k <= d; k++) {
            rank[k] += coordSum;
            if (rank[k] < 0) {
                rank[k] += d1;
                nearest[k] += d1;
            } else if (rank[k] > d) {
                rank[k] -= d1;
                nearest[k] -= d1;
            }
            remainderZero[k] = (int) nearest[k];
            byRank[rank[k]] = k;
        }
        // Barycentric coordinates (p. 10 of the paper).
        for (int k = 0; k <= d; k++) {
            float v = (elevated[k] - nearest[k]) * down;
            barycentric[d - rank[k]] += v;
            barycentric[d - rank[k] + 1] -= v;
        }
        barycentric[0] += 1.0f + barycentric[d1];
    }
}

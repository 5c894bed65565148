package org.seg4j.crf;

/**
 * Locates a feature vector in the permutohedral lattice (Adams, Baek and Davis 2010, section 3.1 and p. 10): lifts
 * it onto the hyperplane {@code sum x = 0} of {@code R^(d+1)}, scaled so that the lattice blur has the standard
 * deviation of a unit Gaussian; rounds it to the nearest remainder-0 lattice point; ranks the residuals, which
 * names the enclosing simplex; and computes the barycentric weights of the simplex's {@code d+1} vertices. Vertex
 * {@code r} of the simplex is the remainder-0 point plus {@code r} on every coordinate, minus {@code d+1} on the
 * coordinates of rank above {@code d - r}. Holds its results in its own arrays: one instance per thread.
 *
 * <p>The rounding, the ranks and the wrap-around are computed without data-dependent branches (the comparisons go
 * either way about half the time), each rank is counted in a register and each barycentric weight is one difference
 * of two residuals instead of a scatter of {@code +v, -v} pairs through memory: the same results, bit for bit, as
 * the paper's formulation. Part of the 15% that {@code seg4j bench crf} gained on one thread with the 12-channel splat
 * and slice and the cheaper exponential (docs/benchmarks.md).
 */
final class EnclosingSimplex {
    private final int d;
    private final float[] scale;
    private final float[] elevated;
    private final float[] nearest;
    private final float[] residual;
    /** The remainder-0 point's coordinates (the last, minus the sum of the others, included). */
    final int[] remainderZero;
    /** Rank of each coordinate's residual, 0 for the largest. */
    final int[] rank;
    /** {@code byRank[r]} is the coordinate of rank {@code r}. */
    final int[] byRank;
    /** Barycentric weight of vertex {@code r} at {@code [r]}, {@code r = 0..d}. */
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
        residual = new float[d1];
        remainderZero = new int[d1];
        rank = new int[d1];
        byRank = new int[d1];
        barycentric = new float[d1];
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
        // Nearest remainder-0 lattice point: round each coordinate to a multiple of d+1 (ties down), without a
        // data-dependent branch.
        int coordSum = 0;
        for (int k = 0; k <= d; k++) {
            float e = elevated[k];
            float v = e * down;
            float lo = (float) Math.floor(v);
            float up = (float) Math.ceil(v);
            int roundUp = up * d1 - e < e - lo * d1 ? 1 : 0;
            int index = (int) lo + roundUp * ((int) up - (int) lo);
            nearest[k] = index * d1;
            coordSum += index;
        }
        for (int k = 0; k <= d; k++) {
            residual[k] = elevated[k] - nearest[k];
        }
        for (int k = 0; k <= d; k++) {
            // Rank of the coordinate's residual (0 = largest, ties to the lower coordinate), which names the simplex;
            // counted in a register, branch-free.
            float rk = residual[k];
            int r = coordSum;
            for (int j = 0; j < k; j++) {
                r += residual[j] >= rk ? 1 : 0;
            }
            for (int j = k + 1; j <= d; j++) {
                r += residual[j] > rk ? 1 : 0;
            }
            // If the rounded point is off the hyperplane (coordSum != 0), move it back and wrap the rank.
            int wrap = (r > d ? 1 : 0) - (r < 0 ? 1 : 0);
            r -= wrap * d1;
            nearest[k] -= wrap * d1;
            rank[k] = r;
            remainderZero[k] = (int) nearest[k];
            byRank[r] = k;
        }
        // Barycentric coordinates (p. 10 of the paper): the weight of vertex r is the difference of the scaled
        // residuals of ranks d - r and d - r + 1; vertex 0 takes 1 minus the rank-0 residual.
        for (int k = 0; k <= d; k++) {
            residual[k] = (elevated[k] - nearest[k]) * down;
        }
        barycentric[0] = residual[byRank[d]] + (1.0f - residual[byRank[0]]);
        for (int r = 1; r <= d; r++) {
            barycentric[r] = residual[byRank[d - r]] - residual[byRank[d - r + 1]];
        }
    }
}

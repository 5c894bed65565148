package org.seg4j.crf;

import java.util.Arrays;

/**
 * The permutohedral lattice of Adams, Baek and Davis, "Fast High-Dimensional Filtering Using the Permutohedral
 * Lattice" (Eurographics 2010), as used by Krähenbühl and Koltun's densecrf: it approximates the Gaussian filter
 * {@code out_i = sum_j exp(-|f_i - f_j|^2 / 2) in_j} over {@code n} points with {@code d}-dimensional features in
 * time linear in {@code n}.
 *
 * <p>Each feature vector is lifted onto the hyperplane {@code sum x = 0} of {@code R^(d+1)}, scaled so that the
 * lattice blur has the standard deviation of a unit Gaussian (p. 6 of the paper), and located in its enclosing
 * simplex, whose {@code d+1} vertices receive barycentric weights. Filtering is then <em>splat</em> (each point adds
 * its value to its vertices), <em>blur</em> (along each of the {@code d+1} lattice axes in turn, the [1/2, 1, 1/2]
 * kernel over vertices that exist), and <em>slice</em> (each point reads back the barycentric mix of its vertices,
 * times densecrf's constant {@code 1 / (1 + 2^-d)}). Only vertices touched by some point exist, so memory and time
 * grow with the number of occupied vertices, not with the volume of the feature space.
 *
 * <p>Splatting is done as a gather (each vertex sums its contributions through a vertex-to-point index built once),
 * so all three stages are free of write conflicts and split over vertices or points between threads.
 */
public final class PermutohedralLattice {
    private final int points;
    private final int d;
    private final int vertices;
    /** Per point, the d+1 vertex ids of its simplex (1-based: 0 is the always-zero "missing" vertex). */
    private final int[] offset;
    /** Per point, the barycentric weights matching {@link #offset}. */
    private final float[] barycentric;
    /** Vertex-to-point index: contributions of vertex v (1-based) are [splatStart[v-1], splatStart[v]). */
    private final int[] splatStart;
    private final int[] splatPoint;
    private final float[] splatWeight;
    /** Blur neighbours along axis j of vertex v (1-based): at [j * vertices + v - 1], 0 when absent. */
    private final int[] lower;
    private final int[] upper;
    private final float alpha;

    private PermutohedralLattice(int points, int d, int vertices, int[] offset, float[] barycentric, int[] lower,
            int[] upper) {
        this.points = points;
        this.d = d;
        this.vertices = vertices;
        this.offset = offset;
        this.barycentric = barycentric;
        this.lower = lower;
        this.upper = upper;
        this.alpha = (float) (1.0 / (1.0 + Math.pow(2, -d)));
        int entries = offset.length;
        splatStart = new int[vertices + 1];
        for (int e = 0; e < entries; e++) {
            splatStart[offset[e]]++;
        }
        for (int v = 1; v <= vertices; v++) {
            splatStart[v] += splatStart[v - 1];
        }
        splatPoint = new int[entries];
        splatWeight = new float[entries];
        int[] next = new int[vertices];
        System.arraycopy(splatStart, 0, next, 0, vertices);
        for (int e = 0; e < entries; e++) {
            int slot = next[offset[e] - 1]++;
            splatPoint[slot] = e / (d + 1);
            splatWeight[slot] = barycentric[e];
        }
    }

    /**
     * Builds the lattice for {@code points} feature vectors of dimension {@code d}, stored point after point in
     * {@code features} ({@code features[i * d + k]}). Features are in units of the kernel's standard deviation.
     */
    public static PermutohedralLattice build(float[] features, int points, int d) {
        if (d < 1) {
            throw new IllegalArgumentException("feature dimension must be at least 1, got " + d);
        }
        if (points < 1 || features.length != (long) points * d) {
            throw new IllegalArgumentException("expected " + points + " x " + d + " features, got " + features.length);
        }
        int d1 = d + 1;
        LatticeHash hash = new LatticeHash(d, points);
        int[] offset = new int[points * d1];
        float[] bary = new float[points * d1];

        float[] scale = new float[d];
        double invStdDev = Math.sqrt(2.0 / 3.0) * d1;
        for (int k = 0; k < d; k++) {
            scale[k] = (float) (invStdDev / Math.sqrt((k + 1.0) * (k + 2.0)));
        }
        float[] elevated = new float[d1];
        float[] nearest = new float[d1];
        int[] rank = new int[d1];
        float[] b = new float[d1 + 1];
        int[] key = new int[d1];
        float down = 1.0f / d1;

        for (int i = 0; i < points; i++) {
            int fo = i * d;
            // Lift onto the hyperplane: elevated = E f (p. 5 of the paper), E's diagonal part folded into scale.
            float sum = 0;
            for (int k = d; k > 0; k--) {
                float cf = features[fo + k - 1] * scale[k - 1];
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
            Arrays.fill(rank, 0);
            for (int k = 0; k < d; k++) {
                float dk = elevated[k] - nearest[k];
                for (int j = k + 1; j <= d; j++) {
                    if (dk < elevated[j] - nearest[j]) {
                        rank[k]++;
                    } else {
                        rank[j]++;
                    }
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
            }
            // Barycentric coordinates (p. 10 of the paper).
            Arrays.fill(b, 0);
            for (int k = 0; k <= d; k++) {
                float v = (elevated[k] - nearest[k]) * down;
                b[d - rank[k]] += v;
                b[d - rank[k] + 1] -= v;
            }
            b[0] += 1.0f + b[d1];
            // The d+1 vertices of the simplex: the remainder-0 point plus the canonical offset of each remainder.
            for (int r = 0; r <= d; r++) {
                for (int k = 0; k < d; k++) {
                    key[k] = (int) nearest[k] + (rank[k] <= d - r ? r : r - d1);
                }
                offset[i * d1 + r] = hash.insert(key) + 1;
                bary[i * d1 + r] = b[r];
            }
        }

        int m = hash.size();
        int[] keys = hash.keys();
        int[] lower = new int[d1 * m];
        int[] upper = new int[d1 * m];
        int[] n1 = new int[d1];
        int[] n2 = new int[d1];
        for (int j = 0; j <= d; j++) {
            for (int v = 0; v < m; v++) {
                for (int k = 0; k < d; k++) {
                    n1[k] = keys[v * d + k] - 1;
                    n2[k] = keys[v * d + k] + 1;
                }
                if (j < d) {
                    n1[j] = keys[v * d + j] + d;
                    n2[j] = keys[v * d + j] - d;
                }
                lower[j * m + v] = hash.find(n1) + 1;
                upper[j * m + v] = hash.find(n2) + 1;
            }
        }
        return new PermutohedralLattice(points, d, m, offset, bary, lower, upper);
    }

    /** Number of points (pixels). */
    public int points() {
        return points;
    }

    /** Feature dimension. */
    public int dimension() {
        return d;
    }

    /** Number of occupied lattice vertices. */
    public int vertices() {
        return vertices;
    }

    /**
     * Filters {@code valueSize} channels per point ({@code in[i * valueSize + c]}) into {@code out} (same layout;
     * may be {@code in}), on the calling thread. Allocates its two vertex buffers on each call; mean-field inference
     * keeps its own and runs the stages in parallel.
     */
    public void filter(float[] in, float[] out, int valueSize) {
        float[] a = new float[(vertices + 1) * valueSize];
        float[] b = new float[(vertices + 1) * valueSize];
        splat(in, valueSize, splatWeight, a, 1, vertices + 1);
        float[] src = a;
        float[] dst = b;
        for (int axis = 0; axis <= d; axis++) {
            blur(axis, src, dst, valueSize, 1, vertices + 1);
            float[] t = src;
            src = dst;
            dst = t;
        }
        for (int i = 0; i < points; i++) {
            slice(i, src, valueSize, 1f, out, i * valueSize);
        }
    }

    /**
     * The splat weights with point i's contributions scaled by {@code inScale[i]}, in the order {@link #splat}
     * reads them: a pairwise term's normalisation before filtering, computed once.
     */
    float[] splatWeights(float[] inScale) {
        float[] w = splatWeight.clone();
        if (inScale != null) {
            for (int s = 0; s < w.length; s++) {
                w[s] *= inScale[splatPoint[s]];
            }
        }
        return w;
    }

    /**
     * Splats into {@code values} (vertex v at {@code v * valueSize}) for vertices {@code [from, to)}, 1-based, with
     * {@code weights} from {@link #splatWeights}. Each vertex sums its contributions in registers, four channels at a
     * time (the last group overlapping the one before when {@code valueSize} is not a multiple of four).
     */
    void splat(float[] in, int valueSize, float[] weights, float[] values, int from, int to) {
        for (int v = from; v < to; v++) {
            int base = v * valueSize;
            int s0 = splatStart[v - 1];
            int s1 = splatStart[v];
            if (valueSize < 4) {
                for (int c = 0; c < valueSize; c++) {
                    float a = 0;
                    for (int s = s0; s < s1; s++) {
                        a += weights[s] * in[splatPoint[s] * valueSize + c];
                    }
                    values[base + c] = a;
                }
                continue;
            }
            int last = valueSize - 4;
            for (int c = 0; ; c = Math.min(c + 4, last)) {
                float a0 = 0;
                float a1 = 0;
                float a2 = 0;
                float a3 = 0;
                for (int s = s0; s < s1; s++) {
                    float w = weights[s];
                    int pb = splatPoint[s] * valueSize + c;
                    a0 += w * in[pb];
                    a1 += w * in[pb + 1];
                    a2 += w * in[pb + 2];
                    a3 += w * in[pb + 3];
                }
                values[base + c] = a0;
                values[base + c + 1] = a1;
                values[base + c + 2] = a2;
                values[base + c + 3] = a3;
                if (c == last) {
                    break;
                }
            }
        }
    }

    /** One blur pass along {@code axis} from {@code src} to {@code dst}, for vertices {@code [from, to)}, 1-based. */
    void blur(int axis, float[] src, float[] dst, int valueSize, int from, int to) {
        int row = axis * vertices - 1;
        for (int v = from; v < to; v++) {
            int base = v * valueSize;
            int lo = lower[row + v] * valueSize;
            int hi = upper[row + v] * valueSize;
            for (int c = 0; c < valueSize; c++) {
                dst[base + c] = src[base + c] + 0.5f * (src[lo + c] + src[hi + c]);
            }
        }
    }

    /**
     * Slices point {@code i} from the blurred {@code values} into {@code out[outOffset .. + valueSize)}, times
     * {@code scale}; channels grouped as in {@link #splat}.
     */
    void slice(int i, float[] values, int valueSize, float scale, float[] out, int outOffset) {
        int d1 = d + 1;
        int e0 = i * d1;
        int e1 = e0 + d1;
        float k = alpha * scale;
        if (valueSize < 4) {
            for (int c = 0; c < valueSize; c++) {
                float a = 0;
                for (int e = e0; e < e1; e++) {
                    a += barycentric[e] * values[offset[e] * valueSize + c];
                }
                out[outOffset + c] = k * a;
            }
            return;
        }
        int last = valueSize - 4;
        for (int c = 0; ; c = Math.min(c + 4, last)) {
            float a0 = 0;
            float a1 = 0;
            float a2 = 0;
            float a3 = 0;
            for (int e = e0; e < e1; e++) {
                int o = offset[e] * valueSize + c;
                float w = barycentric[e];
                a0 += w * values[o];
                a1 += w * values[o + 1];
                a2 += w * values[o + 2];
                a3 += w * values[o + 3];
            }
            out[outOffset + c] = k * a0;
            out[outOffset + c + 1] = k * a1;
            out[outOffset + c + 2] = k * a2;
            out[outOffset + c + 3] = k * a3;
            if (c == last) {
                break;
            }
        }
    }
}

package org.seg4j.crf;

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
 * <p>Construction ({@link LatticeBuilder}) splits the points between threads. Splatting is done as a gather (each
 * vertex sums its contributions through a {@link SplatIndex} built once), so all three stages are free of write
 * conflicts and split over splat entries, vertices or points between threads.
 */
public final class PermutohedralLattice {
    /**
     * Channels that {@link #splat} and {@link #slice} accumulate in registers at once: six, measured 10-15% faster
     * than four on 11 labels (fewer passes over the index arrays, still no spills).
     */
    private static final int GROUP = 6;

    private final int points;
    private final int d;
    private final int vertices;
    /** Per point, the d+1 vertex ids of its simplex (1-based: 0 is the always-zero "missing" vertex). */
    private final int[] offset;
    /** Per point, the barycentric weights matching {@link #offset}. */
    private final float[] barycentric;
    /** Vertex-to-point index ({@link SplatIndex}): vertex v (1-based) sums [splatStart[v-1], splatStart[v]). */
    private final int[] splatStart;
    private final int[] splatPoint;
    private final float[] splatWeight;
    /** Blur neighbours along axis j of vertex v (1-based): at [j * vertices + v - 1], 0 when absent. */
    private final int[] lower;
    private final int[] upper;
    private final float alpha;

    /**
     * The lattice of {@link LatticeBuilder}: per point the 1-based ids and barycentric weights of its simplex's
     * vertices, per axis and vertex the blur neighbours, and the splat index.
     */
    PermutohedralLattice(int points, int d, int vertices, int[] offset, float[] barycentric, int[] lower,
            int[] upper, SplatIndex splat) {
        this.points = points;
        this.d = d;
        this.vertices = vertices;
        this.offset = offset;
        this.barycentric = barycentric;
        this.lower = lower;
        this.upper = upper;
        this.alpha = (float) (1.0 / (1.0 + Math.pow(2, -d)));
        this.splatStart = splat.start;
        this.splatPoint = splat.point;
        this.splatWeight = splat.weight;
    }

    /**
     * Builds the lattice for {@code points} feature vectors of dimension {@code d}, stored point after point in
     * {@code features} ({@code features[i * d + k]}). Features are in units of the kernel's standard deviation.
     */
    public static PermutohedralLattice build(float[] features, int points, int d) {
        try (WorkerPool pool = new WorkerPool(1)) {
            return LatticeBuilder.build(features, points, d, pool);
        }
    }

    /** Number of points (pixels). */
    public int points() {
        return points;
    }

    /** Feature dimension. */
    public int dimension() {
        return d;
    }

    /** Number of splat entries, {@code d + 1} per point. */
    int entries() {
        return offset.length;
    }

    /**
     * The first vertex (1-based) whose contributions start at splat entry {@code entry} or later, in splat order;
     * {@code vertices() + 1} past the last. Splits the splat by entries.
     */
    int firstVertexFrom(int entry) {
        int lo = 0;
        int hi = vertices;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (splatStart[mid] < entry) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo + 1;
    }

    /** Number of occupied lattice vertices. */
    public int vertices() {
        return vertices;
    }

    /**
     * Filters {@code valueSize} channels per point ({@code in[i * valueSize + c]}) into {@code out} (same layout;
     * may be {@code in}), on the calling thread. Allocates its two vertex buffers on each call; mean-field inference
     * keeps its own.
     */
    public void filter(float[] in, float[] out, int valueSize) {
        try (WorkerPool pool = new WorkerPool(1)) {
            filter(in, out, valueSize, pool);
        }
    }

    /** {@link #filter(float[], float[], int)} with each stage split between the pool's threads. */
    void filter(float[] in, float[] out, int valueSize, WorkerPool pool) {
        float[][] buffers = {new float[(vertices + 1) * valueSize], new float[(vertices + 1) * valueSize]};
        pool.forRange(entries(), (worker, from, to) ->
                splat(in, valueSize, splatWeight, buffers[0], firstVertexFrom(from), firstVertexFrom(to)));
        for (int axis = 0; axis <= d; axis++) {
            float[] src = buffers[axis % 2];
            float[] dst = buffers[1 - axis % 2];
            int j = axis;
            pool.forRange(vertices, (worker, from, to) -> blur(j, src, dst, valueSize, from + 1, to + 1));
        }
        float[] blurred = buffers[(d + 1) % 2];
        pool.forRange(points, (worker, from, to) -> {
            for (int i = from; i < to; i++) {
                slice(i, blurred, valueSize, 1f, out, i * valueSize);
            }
        });
    }

    /**
     * The splat weights with point i's contributions scaled by {@code inScale[i]}, in the order {@link #splat}
     * reads them, computed on the pool's threads: a pairwise term's normalisation before filtering, computed once.
     * Without scales, the lattice's own weights (not a copy: read only).
     */
    float[] splatWeights(float[] inScale, WorkerPool pool) {
        if (inScale == null) {
            return splatWeight;
        }
        float[] w = new float[splatWeight.length];
        pool.forRange(w.length, (worker, from, to) -> {
            for (int s = from; s < to; s++) {
                w[s] = splatWeight[s] * inScale[splatPoint[s]];
            }
        });
        return w;
    }

    /**
     * Splats into {@code values} (vertex v at {@code v * valueSize}) for vertices {@code [from, to)}, 1-based, with
     * {@code weights} from {@link #splatWeights}. Each vertex sums its contributions in registers, {@link #GROUP}
     * channels at a time (the last group overlapping the one before when {@code valueSize} is not a multiple of it).
     */
    void splat(float[] in, int valueSize, float[] weights, float[] values, int from, int to) {
        for (int v = from; v < to; v++) {
            int base = v * valueSize;
            int s0 = splatStart[v - 1];
            int s1 = splatStart[v];
            if (valueSize < GROUP) {
                for (int c = 0; c < valueSize; c++) {
                    float a = 0;
                    for (int s = s0; s < s1; s++) {
                        a += weights[s] * in[splatPoint[s] * valueSize + c];
                    }
                    values[base + c] = a;
                }
                continue;
            }
            int last = valueSize - GROUP;
            for (int c = 0; ; c = Math.min(c + GROUP, last)) {
                float a0 = 0;
                float a1 = 0;
                float a2 = 0;
                float a3 = 0;
                float a4 = 0;
                float a5 = 0;
                for (int s = s0; s < s1; s++) {
                    float w = weights[s];
                    int pb = splatPoint[s] * valueSize + c;
                    a0 += w * in[pb];
                    a1 += w * in[pb + 1];
                    a2 += w * in[pb + 2];
                    a3 += w * in[pb + 3];
                    a4 += w * in[pb + 4];
                    a5 += w * in[pb + 5];
                }
                values[base + c] = a0;
                values[base + c + 1] = a1;
                values[base + c + 2] = a2;
                values[base + c + 3] = a3;
                values[base + c + 4] = a4;
                values[base + c + 5] = a5;
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
        if (valueSize < GROUP) {
            for (int c = 0; c < valueSize; c++) {
                float a = 0;
                for (int e = e0; e < e1; e++) {
                    a += barycentric[e] * values[offset[e] * valueSize + c];
                }
                out[outOffset + c] = k * a;
            }
            return;
        }
        int last = valueSize - GROUP;
        for (int c = 0; ; c = Math.min(c + GROUP, last)) {
            float a0 = 0;
            float a1 = 0;
            float a2 = 0;
            float a3 = 0;
            float a4 = 0;
            float a5 = 0;
            for (int e = e0; e < e1; e++) {
                int o = offset[e] * valueSize + c;
                float w = barycentric[e];
                a0 += w * values[o];
                a1 += w * values[o + 1];
                a2 += w * values[o + 2];
                a3 += w * values[o + 3];
                a4 += w * values[o + 4];
                a5 += w * values[o + 5];
            }
            out[outOffset + c] = k * a0;
            out[outOffset + c + 1] = k * a1;
            out[outOffset + c + 2] = k * a2;
            out[outOffset + c + 3] = k * a3;
            out[outOffset + c + 4] = k * a4;
            out[outOffset + c + 5] = k * a5;
            if (c == last) {
                break;
            }
        }
    }
}

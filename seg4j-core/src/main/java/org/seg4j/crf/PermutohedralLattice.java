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
     * {@link #splat} and {@link #slice} sum a group of up to {@code 2 RUN} channels in registers per pass over the
     * index arrays, as two runs of {@code RUN} consecutive channels: at {@code c} and at {@code c + h},
     * {@code h = min(RUN, valueSize - c - RUN)}, so that {@code 6 <= valueSize <= 12} takes one pass (the runs overlap
     * below 12) and larger sizes take passes of 12, the last one moved back to end at {@code valueSize}. The
     * arithmetic per channel, and so the result, is that of a pass per channel. For 11 labels this is one pass over a
     * vertex's contributions where two overlapping passes of 6 were taken before; with the block slice, the cheaper
     * exponential and the branch-free simplex location it made {@code seg4j bench crf} 15% faster on one thread
     * (docs/benchmarks.md).
     */
    private static final int RUN = 6;

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
        pool.forGrains(entries(), WorkerPool.grainSize(entries(), 1), (worker, from, to) ->
                splat(in, valueSize, splatWeight, buffers[0], firstVertexFrom(from), firstVertexFrom(to)));
        for (int axis = 0; axis <= d; axis++) {
            float[] src = buffers[axis % 2];
            float[] dst = buffers[1 - axis % 2];
            int j = axis;
            pool.forGrains(vertices, WorkerPool.grainSize(vertices, 1), (worker, from, to) ->
                    blur(j, src, dst, valueSize, from + 1, to + 1));
        }
        float[] blurred = buffers[(d + 1) % 2];
        pool.forGrains(points, WorkerPool.grainSize(points, 1), (worker, from, to) ->
                slice(from, to, blurred, valueSize, null, out, from * valueSize));
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
     * {@code weights} from {@link #splatWeights}: {@code values[v] = sum_s weights[s] in[point[s]]} over the vertex's
     * contributions, each channel group ({@link #RUN}) summed in registers.
     */
    void splat(float[] in, int valueSize, float[] weights, float[] values, int from, int to) {
        if (valueSize < RUN) {
            for (int v = from; v < to; v++) {
                for (int c = 0; c < valueSize; c++) {
                    float a = 0;
                    for (int s = splatStart[v - 1]; s < splatStart[v]; s++) {
                        a += weights[s] * in[splatPoint[s] * valueSize + c];
                    }
                    values[v * valueSize + c] = a;
                }
            }
            return;
        }
        for (int v = from; v < to; v++) {
            int base = v * valueSize;
            int s0 = splatStart[v - 1];
            int s1 = splatStart[v];
            for (int c = 0; ; c = nextGroup(c, valueSize)) {
                int h = secondRun(c, valueSize);
                float a0 = 0;
                float a1 = 0;
                float a2 = 0;
                float a3 = 0;
                float a4 = 0;
                float a5 = 0;
                float b0 = 0;
                float b1 = 0;
                float b2 = 0;
                float b3 = 0;
                float b4 = 0;
                float b5 = 0;
                for (int s = s0; s < s1; s++) {
                    float w = weights[s];
                    int pa = splatPoint[s] * valueSize + c;
                    int pb = pa + h;
                    a0 += w * in[pa];
                    a1 += w * in[pa + 1];
                    a2 += w * in[pa + 2];
                    a3 += w * in[pa + 3];
                    a4 += w * in[pa + 4];
                    a5 += w * in[pa + 5];
                    b0 += w * in[pb];
                    b1 += w * in[pb + 1];
                    b2 += w * in[pb + 2];
                    b3 += w * in[pb + 3];
                    b4 += w * in[pb + 4];
                    b5 += w * in[pb + 5];
                }
                int oa = base + c;
                values[oa] = a0;
                values[oa + 1] = a1;
                values[oa + 2] = a2;
                values[oa + 3] = a3;
                values[oa + 4] = a4;
                values[oa + 5] = a5;
                int ob = oa + h;
                values[ob] = b0;
                values[ob + 1] = b1;
                values[ob + 2] = b2;
                values[ob + 3] = b3;
                values[ob + 4] = b4;
                values[ob + 5] = b5;
                if (isLastGroup(c, valueSize)) {
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
     * Slices points {@code [from, to)} from the blurred {@code values} into {@code out}, point {@code i} at
     * {@code outOffset + (i - from) * valueSize}: the barycentric mix of its simplex's vertices times {@code alpha}
     * and {@code scale[i]} (none when {@code scale} is null), each channel group ({@link #RUN}) summed in registers.
     * A block of points per call, so that a group's parameters are set once per block rather than once per point.
     */
    void slice(int from, int to, float[] values, int valueSize, float[] scale, float[] out, int outOffset) {
        int d1 = d + 1;
        if (valueSize < RUN) {
            for (int i = from, o = outOffset; i < to; i++, o += valueSize) {
                float k = scale == null ? alpha : alpha * scale[i];
                for (int c = 0; c < valueSize; c++) {
                    float a = 0;
                    for (int e = i * d1; e < (i + 1) * d1; e++) {
                        a += barycentric[e] * values[offset[e] * valueSize + c];
                    }
                    out[o + c] = k * a;
                }
            }
            return;
        }
        for (int c = 0; ; c = nextGroup(c, valueSize)) {
            int h = secondRun(c, valueSize);
            for (int i = from, oa = outOffset + c; i < to; i++, oa += valueSize) {
                float a0 = 0;
                float a1 = 0;
                float a2 = 0;
                float a3 = 0;
                float a4 = 0;
                float a5 = 0;
                float b0 = 0;
                float b1 = 0;
                float b2 = 0;
                float b3 = 0;
                float b4 = 0;
                float b5 = 0;
                for (int e = i * d1; e < (i + 1) * d1; e++) {
                    float w = barycentric[e];
                    int pa = offset[e] * valueSize + c;
                    int pb = pa + h;
                    a0 += w * values[pa];
                    a1 += w * values[pa + 1];
                    a2 += w * values[pa + 2];
                    a3 += w * values[pa + 3];
                    a4 += w * values[pa + 4];
                    a5 += w * values[pa + 5];
                    b0 += w * values[pb];
                    b1 += w * values[pb + 1];
                    b2 += w * values[pb + 2];
                    b3 += w * values[pb + 3];
                    b4 += w * values[pb + 4];
                    b5 += w * values[pb + 5];
                }
                float k = scale == null ? alpha : alpha * scale[i];
                out[oa] = k * a0;
                out[oa + 1] = k * a1;
                out[oa + 2] = k * a2;
                out[oa + 3] = k * a3;
                out[oa + 4] = k * a4;
                out[oa + 5] = k * a5;
                int ob = oa + h;
                out[ob] = k * b0;
                out[ob + 1] = k * b1;
                out[ob + 2] = k * b2;
                out[ob + 3] = k * b3;
                out[ob + 4] = k * b4;
                out[ob + 5] = k * b5;
            }
            if (isLastGroup(c, valueSize)) {
                break;
            }
        }
    }

    /** Offset of a channel group's second run from its first ({@code valueSize >= RUN}). */
    private static int secondRun(int c, int valueSize) {
        return Math.min(RUN, valueSize - c - RUN);
    }

    private static boolean isLastGroup(int c, int valueSize) {
        return c + 2 * RUN >= valueSize;
    }

    /** The first channel of the group after the one at {@code c}: the last group ends at {@code valueSize}. */
    private static int nextGroup(int c, int valueSize) {
        return Math.min(c + 2 * RUN, valueSize - 2 * RUN);
    }
}

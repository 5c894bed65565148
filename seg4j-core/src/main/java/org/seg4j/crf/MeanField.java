package org.seg4j.crf;

/**
 * One run of mean-field inference (Krähenbühl and Koltun 2011, Algorithm 1) with densecrf's update order:
 * {@code Q_0 = softmax(-U)}, then each iteration {@code Q <- softmax(-U - sum_k mu_k (Ktilde_k Q))}, all pixels
 * at once.
 *
 * <p>An iteration is {@code 2 + max_k (d_k + 1)} parallel stages on a {@link WorkerPool}: one splat of every term
 * (split over all terms' splat entries), one stage per blur axis (every term that has that axis), and one pass over
 * the pixels that slices every term, adds the messages to {@code -U} and takes the softmax. Each stage is cut into
 * grains that the threads claim as they go ({@link WorkerPool#forGrains}), so a thread held back by another process
 * does not hold up the stage; the pixel grains are whole softmax blocks and the energy is summed grain by grain, so
 * {@code Q} and the energies are the same bits for any thread count. The softmax collects
 * {@link #BLOCK} pixels' logits (minus each pixel's maximum) in doubles and takes their exponentials in one flat
 * loop, which the JIT vectorises ({@link #exp}). Every buffer is allocated here, before the loop: {@code Q} ({@code N L}),
 * two vertex buffers per term and one scratch set per thread.
 */
final class MeanField {
    /** Pixels per softmax block: the block's {@code BLOCK x labels} doubles stay in the L1 cache. */
    static final int BLOCK = 128;
    /** {@link #exp} is accurate on [-EXP_RANGE, 0]. */
    static final double EXP_RANGE = 700;
    /** A pixel's sum of exponentials below this has lost its logits to the clamp of {@link #exp}. */
    private static final double MIN_SUM = 1e-290;

    private final WorkerPool pool;
    private final PairwiseTerm[] terms;
    private final int n;
    private final int labels;
    private final float[] unary;
    private final float[] q;
    /** Per term: the splat target and the blur's other buffer. */
    private final float[][] bufferA;
    private final float[][] bufferB;
    /** Per term: the buffer that holds the blurred values after the last axis (A or B by the parity of d + 1). */
    private final float[][] blurred;
    /** Prefix sums over terms of their splat entries ({@code N (d + 1)}), the splat stage's unit of work. */
    private final int[] entryStart;
    /** Per blur axis j, the prefix sums over terms of the vertices it covers. */
    private final int[][] vertexStart;
    private final Scratch[] scratch;
    /** Grain sizes of the stages: splat entries, vertices per blur axis, pixels (whole {@link #BLOCK}s). */
    private final int splatGrain;
    private final int[] blurGrain;
    private final int pixelGrain;
    /** The free energy of each pixel grain. */
    private final double[] partialEnergy;

    // Stage parameters, set on the calling thread before each stage (the pool's barrier publishes them).
    private int axis;
    private boolean withMessages;
    private boolean updateQ;
    private boolean trackEnergy;

    private final WorkerPool.RangeBody splatStage = this::splat;
    private final WorkerPool.RangeBody blurStage = this::blur;
    private final WorkerPool.RangeBody pixelStage = this::pixels;

    MeanField(WorkerPool pool, PairwiseTerm[] terms, Unary u) {
        this.pool = pool;
        this.terms = terms;
        this.n = u.points();
        this.labels = u.labels();
        this.unary = u.pixelMajor();
        this.q = new float[n * labels];
        int t = terms.length;
        bufferA = new float[t][];
        bufferB = new float[t][];
        blurred = new float[t][];
        int axes = 0;
        for (int k = 0; k < t; k++) {
            int m = terms[k].lattice.vertices();
            bufferA[k] = new float[(m + 1) * labels];
            bufferB[k] = new float[(m + 1) * labels];
            blurred[k] = (terms[k].lattice.dimension() + 1) % 2 == 0 ? bufferA[k] : bufferB[k];
            axes = Math.max(axes, terms[k].lattice.dimension() + 1);
        }
        entryStart = new int[t + 1];
        vertexStart = new int[axes][t + 1];
        for (int k = 0; k < t; k++) {
            PermutohedralLattice lattice = terms[k].lattice;
            entryStart[k + 1] = entryStart[k] + lattice.entries();
            for (int j = 0; j < axes; j++) {
                vertexStart[j][k + 1] = vertexStart[j][k] + (j <= lattice.dimension() ? lattice.vertices() : 0);
            }
        }
        scratch = new Scratch[pool.threads()];
        for (int w = 0; w < scratch.length; w++) {
            scratch[w] = new Scratch(labels);
        }
        splatGrain = WorkerPool.grainSize(entryStart[t], 1);
        blurGrain = new int[axes];
        for (int j = 0; j < axes; j++) {
            blurGrain[j] = WorkerPool.grainSize(vertexStart[j][t], 1);
        }
        pixelGrain = WorkerPool.grainSize(n, BLOCK);
        partialEnergy = new double[WorkerPool.grainCount(n, pixelGrain)];
    }

    /** Runs {@code iterations} steps; returns {@code Q} (pixel-major) and fills {@code energies} when not null. */
    float[] run(int iterations, double[] energies) {
        withMessages = false;
        pixelStage(true, false);
        withMessages = true;
        for (int it = 0; it < iterations; it++) {
            passMessages();
            pixelStage(true, energies != null);
            if (energies != null) {
                energies[it] = sumEnergy();
            }
        }
        if (energies != null) {
            passMessages();
            pixelStage(false, true);
            energies[iterations] = sumEnergy();
        }
        return q;
    }

    private void pixelStage(boolean update, boolean track) {
        updateQ = update;
        trackEnergy = track;
        pool.forGrains(n, pixelGrain, pixelStage);
    }

    private double sumEnergy() {
        double s = 0;
        for (double e : partialEnergy) {
            s += e;
        }
        return s;
    }

    /** Splats {@code Q} into every term's lattice and blurs it along each axis, leaving it in {@link #blurred}. */
    private void passMessages() {
        pool.forGrains(entryStart[terms.length], splatGrain, splatStage);
        for (axis = 0; axis < vertexStart.length; axis++) {
            pool.forGrains(vertexStart[axis][terms.length], blurGrain[axis], blurStage);
        }
    }

    /**
     * Splats the entries {@code [from, to)} of all terms: each term's vertices whose contributions start in that
     * range, so that threads get equal numbers of multiply-adds whatever the terms' vertices-to-points ratios.
     */
    private void splat(int worker, int from, int to) {
        int[] start = entryStart;
        for (int k = 0; k < terms.length; k++) {
            int lo = Math.max(from, start[k]);
            int hi = Math.min(to, start[k + 1]);
            if (lo < hi) {
                PairwiseTerm t = terms[k];
                PermutohedralLattice lattice = t.lattice;
                lattice.splat(q, labels, t.splatWeights, bufferA[k], lattice.firstVertexFrom(lo - start[k]),
                        lattice.firstVertexFrom(hi - start[k]));
            }
        }
    }

    private void blur(int worker, int from, int to) {
        int[] start = vertexStart[axis];
        boolean even = axis % 2 == 0;
        for (int k = 0; k < terms.length; k++) {
            int lo = Math.max(from, start[k]);
            int hi = Math.min(to, start[k + 1]);
            if (lo < hi) {
                float[] src = even ? bufferA[k] : bufferB[k];
                float[] dst = even ? bufferB[k] : bufferA[k];
                terms[k].lattice.blur(axis, src, dst, labels, lo - start[k] + 1, hi - start[k] + 1);
            }
        }
    }

    /**
     * Per pixel: the logits {@code -U - sum_k mu_k (Ktilde_k Q)} (without messages before the first iteration);
     * optionally the free energy of the current {@code Q} ({@code F_i = sum Q log Q + 1/2 sum U Q - 1/2 sum Q
     * logits}); and, when updating, {@code Q} replaced by the softmax of the logits, a block of pixels at a time.
     */
    private void pixels(int worker, int from, int to) {
        Scratch s = scratch[worker];
        float[] logits = s.logits;
        float[] message = s.message;
        double[] block = s.block;
        boolean track = trackEnergy;
        double energy = 0;
        int m = labels;
        for (int b0 = from; b0 < to; b0 += BLOCK) {
            int len = Math.min(BLOCK, to - b0);
            int size = len * m;
            int base = b0 * m;
            for (int k = 0; k < size; k++) {
                logits[k] = -unary[base + k];
            }
            if (withMessages) {
                for (int t = 0; t < terms.length; t++) {
                    PairwiseTerm term = terms[t];
                    term.lattice.slice(b0, b0 + len, blurred[t], m, term.outScale, message, 0);
                    term.compatibility.subtractMessages(message, logits, len, m);
                }
            }
            if (track) {
                for (int k = 0; k < size; k++) {
                    float qk = q[base + k];
                    energy += (qk > 0 ? qk * Math.log(qk) : 0) + 0.5 * qk * (unary[base + k] - logits[k]);
                }
            }
            if (updateQ) {
                softmax(logits, block, b0, len);
            }
        }
        if (track) {
            partialEnergy[from / pixelGrain] = energy;
        }
    }

    /**
     * {@code Q} of pixels {@code [b0, b0 + len)} from their {@code logits} ({@code [j * labels + l]}), in flat loops
     * that the JIT vectorises where it can: the block's largest logit {@code c}, {@code block = logits - c} in
     * doubles, {@link #exp} of the whole block, then per pixel the sum and the division. A pixel whose logits all lie
     * more than {@link #EXP_RANGE} below {@code c} (its sum underflows) is redone with its own maximum.
     */
    private void softmax(float[] logits, double[] block, int b0, int len) {
        int m = labels;
        int size = len * m;
        float c = logits[0];
        for (int k = 1; k < size; k++) {
            c = Math.max(c, logits[k]);
        }
        for (int k = 0; k < size; k++) {
            block[k] = (double) logits[k] - c;
        }
        for (int k = 0; k < size; k++) {
            block[k] = exp(block[k]);
        }
        for (int j = 0; j < len; j++) {
            int o = j * m;
            double sum = 0;
            for (int l = 0; l < m; l++) {
                sum += block[o + l];
            }
            if (!(sum >= MIN_SUM)) {
                sum = redoWithOwnMaximum(logits, block, o);
            }
            double inv = 1 / sum;
            int base = (b0 + j) * m;
            for (int l = 0; l < m; l++) {
                q[base + l] = (float) (block[o + l] * inv);
            }
        }
    }

    /** The exponentials of one pixel's logits minus their own maximum into {@code block[o ..]}; returns their sum. */
    private double redoWithOwnMaximum(float[] logits, double[] block, int o) {
        float max = logits[o];
        for (int l = 1; l < labels; l++) {
            max = Math.max(max, logits[o + l]);
        }
        double sum = 0;
        for (int l = 0; l < labels; l++) {
            block[o + l] = exp((double) logits[o + l] - max);
            sum += block[o + l];
        }
        return sum;
    }

    /**
     * {@code e^x} for {@code x <= 0}, in arithmetic the JIT vectorises (HotSpot 17 vectorises double and float
     * arithmetic and {@code Math.max}, but neither conversions nor bit reinterpretation, which the usual
     * exponent-field construction needs): {@code e^x = (e^(x/65536))^65536}, the inner factor by its Taylor
     * polynomial of degree 5 and the power by 16 squarings. {@code x} is clamped at {@code -EXP_RANGE = -700}
     * (e^-700 is 1e-304, still a normal double); there {@code |x/65536| < 0.0107}, the truncation error is below
     * {@code 0.0107^6 / 720 = 2.1e-15} and the squarings multiply it by 65536: relative error below 2e-10 on
     * [-700, 0] ({@code MeanFieldExpTest}). 26 multiplications and additions where degree 12 and ten squarings
     * took 34 for an error bound of 3e-9.
     */
    static double exp(double x) {
        double y = Math.max(x, -EXP_RANGE) * (1.0 / 65536);
        double p = 1.0 / 120;
        p = p * y + 1.0 / 24;
        p = p * y + 1.0 / 6;
        p = p * y + 0.5;
        p = p * y + 1.0;
        p = p * y + 1.0;
        // Written out: a loop here, even of constant length, keeps the JIT from vectorising the caller's loop
        // (measured 5.5 times slower).
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        return p;
    }

    /** One worker thread's buffers for a block of pixels: logits, one term's messages, the softmax's doubles. */
    private static final class Scratch {
        final float[] logits;
        final float[] message;
        final double[] block;

        Scratch(int labels) {
            logits = new float[labels * BLOCK];
            message = new float[labels * BLOCK];
            block = new double[labels * BLOCK];
        }
    }
}

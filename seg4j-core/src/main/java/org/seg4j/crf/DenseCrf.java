package org.seg4j.crf;

import java.util.ArrayList;
import java.util.List;
import org.seg4j.image.RgbImage;

/**
 * A fully connected CRF over {@code N} pixels and {@code L} labels with Gaussian pairwise terms (Krähenbühl &amp;
 * Koltun, "Efficient Inference in Fully Connected CRFs with Gaussian Edge Potentials", NIPS 2011):
 * <pre>
 * E(x) = sum_i U_i(x_i) + sum_{i&lt;j} sum_k mu_k(x_i, x_j) exp(-|f_i^k - f_j^k|^2 / 2)
 * </pre>
 * Inference is mean field; each iteration filters the marginals with every kernel on a
 * {@link PermutohedralLattice}, in time and memory linear in {@code N L}. Semantics follow densecrf (as bundled by
 * pydensecrf): the filter includes each pixel itself, kernels are normalised ({@link Normalization}), messages
 * are summed over terms, and {@code Q} is the softmax of {@code -U} minus the messages. All lattices are built
 * once, in parallel, by {@link Builder#build()}; {@link #inference} may be called any number of times.
 *
 * <pre>{@code
 * DenseCrf crf = DenseCrf.forImage(image, labels, CrfParameters.deepLab(), 2);
 * MeanFieldResult r = crf.inference(Unary.fromProbabilities(probs, labels, w * h), 10);
 * }</pre>
 */
public final class DenseCrf {
    private final int points;
    private final int labels;
    private final int threads;
    private final PairwiseTerm[] terms;

    private DenseCrf(int points, int labels, int threads, PairwiseTerm[] terms) {
        this.points = points;
        this.labels = labels;
        this.threads = threads;
        this.terms = terms;
    }

    /** A CRF over {@code points} pixels and {@code labels} labels; add pairwise terms, then build. */
    public static Builder builder(int points, int labels) {
        return new Builder(points, labels);
    }

    /**
     * DeepLab's CRF on an image: an appearance term {@code w1} on {@code (x/thetaA, y/thetaA, rgb/thetaB)} and a
     * smoothness term {@code w2} on {@code (x/thetaG, y/thetaG)}, Potts, symmetric normalisation (a weight of 0
     * leaves its term out).
     */
    public static DenseCrf forImage(RgbImage image, int labels, CrfParameters p, int threads) {
        Builder b = builder(image.width() * image.height(), labels).threads(threads);
        if (p.w2() > 0) {
            b.addPairwise(Features.position(image.width(), image.height(), p.thetaG(), p.thetaG()),
                    LabelCompatibility.potts(p.w2()));
        }
        if (p.w1() > 0) {
            b.addPairwise(Features.bilateral(image, p.thetaA(), p.thetaA(), p.thetaB(), p.thetaB(), p.thetaB()),
                    LabelCompatibility.potts(p.w1()));
        }
        return b.build();
    }

    public int points() {
        return points;
    }

    public int labels() {
        return labels;
    }

    /** Occupied lattice vertices of each pairwise term, in the order they were added. */
    public int[] latticeSizes() {
        int[] s = new int[terms.length];
        for (int k = 0; k < terms.length; k++) {
            s[k] = terms[k].lattice.vertices();
        }
        return s;
    }

    /** Runs {@code iterations} mean-field iterations from {@code softmax(-U)}. */
    public MeanFieldResult inference(Unary unary, int iterations) {
        return inference(unary, iterations, false);
    }

    /**
     * Runs {@code iterations} mean-field iterations; with {@code trackEnergy} the result also holds the free
     * energy after each one (one extra message pass at the end).
     */
    public MeanFieldResult inference(Unary unary, int iterations, boolean trackEnergy) {
        if (unary.points() != points || unary.labels() != labels) {
            throw new IllegalArgumentException("unary is " + unary.labels() + " labels x " + unary.points()
                    + " pixels, the CRF " + labels + " x " + points);
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must not be negative, got " + iterations);
        }
        double[] energies = trackEnergy ? new double[iterations + 1] : new double[0];
        float[] planar = new float[points * labels];
        int[] map = new int[points];
        try (WorkerPool pool = new WorkerPool(threads)) {
            float[] q = new MeanField(pool, terms, unary).run(iterations, trackEnergy ? energies : null);
            pool.forRange(points, (worker, from, to) -> {
                for (int i = from; i < to; i++) {
                    int base = i * labels;
                    int best = 0;
                    for (int l = 0; l < labels; l++) {
                        float v = q[base + l];
                        planar[l * points + i] = v;
                        if (v > q[base + best]) {
                            best = l;
                        }
                    }
                    map[i] = best;
                }
            });
        }
        return new MeanFieldResult(labels, points, planar, map, energies);
    }

    /** Collects the pairwise terms and the thread count of a {@link DenseCrf}. */
    public static final class Builder {
        private final int points;
        private final int labels;
        private int threads = 1;
        private final List<Features> features = new ArrayList<>();
        private final List<LabelCompatibility> compatibilities = new ArrayList<>();
        private final List<Normalization> normalizations = new ArrayList<>();

        private Builder(int points, int labels) {
            if (points < 1) {
                throw new IllegalArgumentException("need at least one pixel, got " + points);
            }
            if (labels < 1) {
                throw new IllegalArgumentException("need at least one label, got " + labels);
            }
            this.points = points;
            this.labels = labels;
        }

        /** Worker threads for lattice construction and inference (default 1). */
        public Builder threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("thread count must be at least 1, got " + n);
            }
            this.threads = n;
            return this;
        }

        /** Adds a term with symmetric normalisation, densecrf's default. */
        public Builder addPairwise(Features f, LabelCompatibility compatibility) {
            return addPairwise(f, compatibility, Normalization.SYMMETRIC);
        }

        public Builder addPairwise(Features f, LabelCompatibility compatibility, Normalization normalization) {
            if (f.points() != points) {
                throw new IllegalArgumentException("features cover " + f.points() + " pixels, the CRF " + points);
            }
            if (compatibility.labels() >= 0 && compatibility.labels() != labels) {
                throw new IllegalArgumentException("compatibility is for " + compatibility.labels()
                        + " labels, the CRF has " + labels);
            }
            features.add(f);
            compatibilities.add(compatibility);
            normalizations.add(normalization);
            return this;
        }

        /** Builds every term's lattice and normalisation, one term after the other, each on all threads. */
        public DenseCrf build() {
            PairwiseTerm[] terms = new PairwiseTerm[features.size()];
            try (WorkerPool pool = new WorkerPool(threads)) {
                for (int k = 0; k < terms.length; k++) {
                    terms[k] = PairwiseTerm.build(features.get(k), compatibilities.get(k), normalizations.get(k), pool);
                }
            }
            return new DenseCrf(points, labels, threads, terms);
        }
    }
}

package org.seg4j.crf;

import java.util.Arrays;

/**
 * One Gaussian pairwise term of a dense CRF: its lattice, the per-pixel scales its normalisation puts before and
 * after filtering (densecrf's {@code DenseKernel::filter}; the one before is folded into the splat weights), and its
 * label compatibility.
 */
final class PairwiseTerm {
    final PermutohedralLattice lattice;
    /** The lattice's splat weights times each pixel's scale before filtering. */
    final float[] splatWeights;
    /** Scale of each pixel's filtered value after slicing, or null for none. */
    final float[] outScale;
    final LabelCompatibility compatibility;

    private PairwiseTerm(PermutohedralLattice lattice, float[] inScale, float[] outScale, LabelCompatibility c,
            WorkerPool pool) {
        this.lattice = lattice;
        this.splatWeights = lattice.splatWeights(inScale, pool);
        this.outScale = outScale;
        this.compatibility = c;
    }

    /**
     * Builds the lattice of {@code features} and the normalisation from the filtered constant 1, on the pool's
     * threads.
     */
    static PairwiseTerm build(Features features, LabelCompatibility compatibility, Normalization normalization,
            WorkerPool pool) {
        int n = features.points();
        PermutohedralLattice lattice = LatticeBuilder.build(features.values(), n, features.dims(), pool);
        float[] norm = new float[n];
        Arrays.fill(norm, 1f);
        lattice.filter(norm, norm, 1, pool);
        switch (normalization) {
            case NONE -> {
                double total = 0;
                for (float v : norm) {
                    total += v;
                }
                Arrays.fill(norm, (float) (n / total));
                return new PairwiseTerm(lattice, null, norm, compatibility, pool);
            }
            case SYMMETRIC -> {
                for (int i = 0; i < n; i++) {
                    norm[i] = (float) (1.0 / Math.sqrt(norm[i] + 1e-20));
                }
                return new PairwiseTerm(lattice, norm, norm, compatibility, pool);
            }
            case BEFORE, AFTER -> {
                for (int i = 0; i < n; i++) {
                    norm[i] = (float) (1.0 / (norm[i] + 1e-20));
                }
                return normalization == Normalization.BEFORE
                        ? new PairwiseTerm(lattice, norm, null, compatibility, pool)
                        : new PairwiseTerm(lattice, null, norm, compatibility, pool);
            }
            default -> throw new IllegalStateException(normalization.toString());
        }
    }
}

package org.seg4j.crf;

/**
 * How a pairwise kernel's filter output is normalised, as densecrf's {@code NormalizationType}. With
 * {@code n_i = sum_j k(f_i, f_j)} (the filter applied to ones):
 * <ul>
 *   <li>{@link #NONE}: {@code K Q} scaled by the constant {@code N / sum_i n_i} (densecrf's NO_NORMALIZATION);</li>
 *   <li>{@link #BEFORE}: {@code K (Q / n)};</li>
 *   <li>{@link #AFTER}: {@code (K Q) / n}, a weighted average;</li>
 *   <li>{@link #SYMMETRIC}: {@code n^-1/2 K (n^-1/2 Q)}, the default of densecrf and pydensecrf.</li>
 * </ul>
 * All four are invariant to the lattice's overall scale, so the permutohedral constant cancels.
 */
public enum Normalization {
    NONE, BEFORE, AFTER, SYMMETRIC
}

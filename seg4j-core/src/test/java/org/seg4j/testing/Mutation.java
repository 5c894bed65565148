package org.seg4j.testing;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One fuzzing input: seed file {@code seed} of a list, mutated {@code count} times by {@link Mutator} with random
 * seed {@code random}, its PNG chunk CRCs then recomputed if {@code repairCrcs}. jqwik reports a failing case as this
 * record, which reproduces it exactly.
 */
public record Mutation(int seed, long random, int count, boolean repairCrcs) {
    /** The mutated bytes. */
    public byte[] apply(List<byte[]> seeds) {
        byte[] b = Mutator.mutate(seeds.get(seed), random, count);
        return repairCrcs ? Mutator.repairPngCrcs(b) : b;
    }

    /** Mutations of the given seeds: 1 to 4 mutations each, CRCs repaired in half of the cases if {@code png}. */
    public static Arbitrary<Mutation> of(List<byte[]> seeds, boolean png) {
        return Combinators.combine(Arbitraries.integers().between(0, seeds.size() - 1), Arbitraries.longs(),
                Arbitraries.integers().between(1, 4), png ? Arbitraries.of(false, true) : Arbitraries.just(false))
                .as(Mutation::new);
    }
}

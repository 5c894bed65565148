package org.seg4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One fuzzing input: seed file {@code seed} of a list, mutated {@code count} times by {@link Mutator} with random
 * seed {@code random}, its PNG chunk CRCs then recomputed if {@code repairCrcs}. A failure is reported as this record,
 * which reproduces it exactly.
 */
public record Mutation(int seed, long random, int count, boolean repairCrcs) {
    /** The mutated bytes. */
    public byte[] apply(List<byte[]> seeds) {
        byte[] b = Mutator.mutate(seeds.get(seed), random, count);
        return repairCrcs ? Mutator.repairPngCrcs(b) : b;
    }

    /**
     * {@code runs} mutations of {@code seedFiles} seed files drawn from {@code new Random(fixedSeed)}: a seed file
     * uniformly, 1 to 4 mutations, CRCs repaired in half of the cases if {@code png}.
     */
    public static List<Mutation> draw(long fixedSeed, int runs, int seedFiles, boolean png) {
        Random r = new Random(fixedSeed);
        List<Mutation> out = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            out.add(new Mutation(r.nextInt(seedFiles), r.nextLong(), 1 + r.nextInt(4), png && r.nextBoolean()));
        }
        return out;
    }
}

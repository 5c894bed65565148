package org.seg4j.data.loader;

import java.util.SplittableRandom;
import org.seg4j.data.augment.Seeds;

/** The order in which an epoch visits the samples 0..size-1: a permutation that depends on the epoch only. */
@FunctionalInterface
public interface IndexOrder {
    int[] indices(int size, int epoch);

    /** 0, 1, ..., size-1 every epoch (evaluation). */
    static IndexOrder sequential() {
        return (size, epoch) -> {
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            return order;
        };
    }

    /**
     * A new uniform permutation each epoch (Fisher-Yates / Durstenfeld shuffle, Knuth TAOCP vol. 2, Algorithm P),
     * drawn from {@link Seeds#forEpochOrder}(seed, epoch): reproducible, and different from one epoch to the next.
     */
    static IndexOrder shuffled(long seed) {
        return (size, epoch) -> {
            int[] order = sequential().indices(size, epoch);
            SplittableRandom rng = Seeds.forEpochOrder(seed, epoch);
            for (int i = size - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            return order;
        };
    }
}

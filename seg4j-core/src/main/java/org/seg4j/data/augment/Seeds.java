package org.seg4j.data.augment;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from one seed, so a result depends on (seed, epoch, sample index) only and never
 * on which thread ran first. Keys are combined with the SplitMix64 finaliser (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014), a bijection on 64-bit values with good avalanche.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The SplitMix64 finaliser (Stafford's "Mix13" constants). */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A generator for the augmentation of sample {@code index} in epoch {@code epoch}. */
    public static SplittableRandom forSample(long seed, int epoch, int index) {
        return new SplittableRandom(mix64(mix64(mix64(seed) ^ epoch) ^ index));
    }

    /** A generator for the order of epoch {@code epoch}, independent of the per-sample streams. */
    public static SplittableRandom forEpochOrder(long seed, int epoch) {
        return new SplittableRandom(mix64(mix64(seed ^ 0x6a09e667f3bcc909L) + epoch));
    }
}

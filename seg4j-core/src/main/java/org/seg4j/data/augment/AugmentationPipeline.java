package org.seg4j.data.augment;

import java.util.List;
import org.seg4j.data.Sample;

/**
 * Augmentations applied in order with a generator derived from (seed, epoch, sample index) by
 * {@link Seeds#forSample}: the same pipeline, seed, epoch and index give the same sample on any thread, a different
 * index or epoch gives an independent draw.
 */
public final class AugmentationPipeline {
    private final long seed;
    private final List<Augmentation> steps;

    public AugmentationPipeline(long seed, List<Augmentation> steps) {
        this.seed = seed;
        this.steps = List.copyOf(steps);
    }

    public static AugmentationPipeline of(long seed, Augmentation... steps) {
        return new AugmentationPipeline(seed, List.of(steps));
    }

    /** The pipeline that returns its input, for evaluation. */
    public static AugmentationPipeline identity() {
        return new AugmentationPipeline(0, List.of());
    }

    public long seed() {
        return seed;
    }

    public List<Augmentation> steps() {
        return steps;
    }

    /** Augments the sample at {@code index} of the data set for epoch {@code epoch}. */
    public Sample apply(Sample sample, int epoch, int index) {
        if (steps.isEmpty()) {
            return sample;
        }
        var rng = Seeds.forSample(seed, epoch, index);
        Sample out = sample;
        for (Augmentation step : steps) {
            out = step.apply(out, rng);
        }
        return out;
    }
}

package org.seg4j.data.augment;

import java.util.random.RandomGenerator;
import org.seg4j.data.Sample;

/**
 * One random transformation of a training sample. The image, the label map (when present) and the boxes are
 * transformed together so they stay aligned; all randomness is drawn from {@code rng}, so the same generator state
 * gives the same output. Implementations are immutable and safe to share between threads (the generator is not
 * shared: {@link AugmentationPipeline} derives one per sample).
 */
public interface Augmentation {
    Sample apply(Sample sample, RandomGenerator rng);
}

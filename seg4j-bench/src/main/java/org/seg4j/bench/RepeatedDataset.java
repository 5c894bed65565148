package org.seg4j.bench;

import org.seg4j.data.Sample;
import org.seg4j.data.SegmentationDataset;
import org.seg4j.label.LabelSpec;

/**
 * A small data set visited {@code times} times per epoch: sample {@code i} is the base's sample {@code i mod n}.
 * The loader augments each index with its own generator, so the copies differ after random augmentation. Lets the
 * training benchmark fill batches from the two bundled demo slices when the full data set is absent.
 */
final class RepeatedDataset implements SegmentationDataset {
    private final SegmentationDataset base;
    private final int times;

    RepeatedDataset(SegmentationDataset base, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        this.base = base;
        this.times = times;
    }

    @Override
    public String name() {
        return base.name() + " x" + times;
    }

    @Override
    public LabelSpec labelSpec() {
        return base.labelSpec();
    }

    @Override
    public int size() {
        return base.size() * times;
    }

    @Override
    public String id(int index) {
        return base.id(baseIndex(index));
    }

    @Override
    public Sample load(int index) {
        return base.load(baseIndex(index));
    }

    private int baseIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("sample " + index + " of " + size());
        }
        return index % base.size();
    }
}

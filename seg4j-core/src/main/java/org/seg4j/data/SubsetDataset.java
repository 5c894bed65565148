package org.seg4j.data;

import org.seg4j.label.LabelSpec;

/** Samples {@code from} (inclusive) to {@code to} (exclusive) of another data set, in its order. */
final class SubsetDataset implements SegmentationDataset {
    private final SegmentationDataset base;
    private final int from;
    private final int to;

    SubsetDataset(SegmentationDataset base, int from, int to) {
        if (from < 0 || to > base.size() || from >= to) {
            throw new org.seg4j.BadInputException(null, "range [" + from + ":" + to + "] is empty or outside the "
                    + base.size() + " samples of " + base.name());
        }
        this.base = base;
        this.from = from;
        this.to = to;
    }

    @Override
    public String name() {
        return base.name() + "[" + from + ":" + to + "]";
    }

    @Override
    public LabelSpec labelSpec() {
        return base.labelSpec();
    }

    @Override
    public int size() {
        return to - from;
    }

    @Override
    public String id(int index) {
        return base.id(from + checked(index));
    }

    @Override
    public Sample load(int index) {
        return base.load(from + checked(index));
    }

    private int checked(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index + " outside 0.." + (size() - 1));
        }
        return index;
    }
}

package org.seg4j.data;

import java.util.List;
import org.seg4j.label.LabelSpec;

/** A data set that is a list of image/label file pairs; the readers differ only in how they find the pairs. */
class PairedFileDataset implements SegmentationDataset {
    private final String name;
    private final LabelSpec spec;
    private final List<LabelledPair> pairs;

    PairedFileDataset(String name, LabelSpec spec, List<LabelledPair> pairs) {
        this.name = name;
        this.spec = spec;
        this.pairs = List.copyOf(pairs);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public LabelSpec labelSpec() {
        return spec;
    }

    @Override
    public int size() {
        return pairs.size();
    }

    @Override
    public String id(int index) {
        return pairs.get(index).id();
    }

    @Override
    public Sample load(int index) {
        return pairs.get(index).load(spec);
    }
}

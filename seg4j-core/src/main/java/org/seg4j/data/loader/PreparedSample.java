package org.seg4j.data.loader;

import java.util.ArrayList;
import java.util.List;
import org.seg4j.BadInputException;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.Sample;
import org.seg4j.image.Normalization;

/** A sample decoded, augmented and normalised by a worker, waiting to be stacked into a batch. */
record PreparedSample(int index, Sample sample, float[] chw) {
    static PreparedSample of(int index, Sample augmented, Normalization norm) {
        return new PreparedSample(index, augmented, norm.toChw(augmented.image()));
    }

    /** Stacks samples of one size into a batch; a sample of another size is an error naming its file. */
    static Batch stack(List<PreparedSample> samples) {
        Sample first = samples.get(0).sample();
        int w = first.width();
        int h = first.height();
        int n = samples.size();
        int plane = w * h;
        boolean labelled = first.label() != null;
        float[] images = new float[n * 3 * plane];
        byte[] labels = labelled ? new byte[n * plane] : null;
        int[] indices = new int[n];
        List<String> ids = new ArrayList<>(n);
        List<List<ObjectBox>> boxes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            PreparedSample p = samples.get(i);
            Sample s = p.sample();
            if (s.width() != w || s.height() != h) {
                throw new BadInputException(s.imageFile(), "sample " + s.id() + " is " + s.width() + "x" + s.height()
                        + " after augmentation but " + first.id() + " in the same batch is " + w + "x" + h
                        + ": samples in a batch need one size (add a RandomCrop to the pipeline)");
            }
            if ((s.label() != null) != labelled) {
                throw new BadInputException(s.label() == null ? s.imageFile() : first.imageFile(),
                        "samples " + first.id() + " and " + s.id() + " in one batch differ in having labels");
            }
            System.arraycopy(p.chw(), 0, images, i * 3 * plane, 3 * plane);
            if (labelled) {
                System.arraycopy(s.label().data(), 0, labels, i * plane, plane);
            }
            indices[i] = p.index();
            ids.add(s.id());
            boxes.add(s.boxes());
        }
        return new Batch(indices, ids, w, h, images, labels, boxes);
    }
}

package org.seg4j.data;

import org.seg4j.label.LabelSpec;

/**
 * A data set read lazily from its original layout: the index is built when the data set is opened (file names only),
 * images and labels are decoded by {@link #load(int)}. Implementations are safe to load from several threads.
 */
public interface SegmentationDataset {
    /** A short description for logs and reports, e.g. {@code camvid:/data/CamVid (val)}. */
    String name();

    LabelSpec labelSpec();

    int size();

    /** The sample's id: its file name without extension, as prediction files are named. */
    String id(int index);

    /**
     * Decodes sample {@code index}, its label mapped to training ids.
     *
     * @throws org.seg4j.BadInputException naming the file and the problem if a file is missing, corrupt or
     *     inconsistent (sizes differ, a label value is neither a class nor ignore)
     */
    Sample load(int index);
}

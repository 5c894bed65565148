package org.seg4j.data;

import java.nio.file.Path;
import org.seg4j.label.LabelSpec;

/**
 * How to open a data set: the split (null = the whole folder where the format allows it), a label spec replacing the
 * data set's own (null = the format's default), and, for COCO, the image folder when it is not where COCO puts it.
 */
public record DatasetOptions(String split, LabelSpec labels, Path images) {
    public static DatasetOptions split(String split) {
        return new DatasetOptions(split, null, null);
    }

    public DatasetOptions withLabels(LabelSpec spec) {
        return new DatasetOptions(split, spec, images);
    }

    public DatasetOptions withImages(Path dir) {
        return new DatasetOptions(split, labels, dir);
    }

    String splitOr(String fallback) {
        return split != null ? split : fallback;
    }

    LabelSpec labelsOr(LabelSpec fallback) {
        return labels != null ? labels : fallback;
    }
}

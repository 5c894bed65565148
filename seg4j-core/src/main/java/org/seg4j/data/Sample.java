package org.seg4j.data;

import java.nio.file.Path;
import java.util.List;
import org.seg4j.box.ObjectBox;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;

/**
 * One item of a data set: the image, its label map in training ids (null when the format has none) and its object
 * boxes (empty when the format has none), with the files they came from for error messages and reports.
 */
public record Sample(String id, RgbImage image, LabelMap label, List<ObjectBox> boxes, Path imageFile,
        Path labelFile) {
    public Sample {
        boxes = List.copyOf(boxes);
        if (label != null && (label.width() != image.width() || label.height() != image.height())) {
            throw new IllegalArgumentException("image and label of " + id + " differ in size");
        }
    }

    public int width() {
        return image.width();
    }

    public int height() {
        return image.height();
    }

    public Sample with(RgbImage newImage, LabelMap newLabel, List<ObjectBox> newBoxes) {
        return new Sample(id, newImage, newLabel, newBoxes, imageFile, labelFile);
    }
}

package org.seg4j.data;

import java.nio.file.Path;
import java.util.List;
import org.seg4j.BadInputException;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.label.LabelSpec;

/** An image file and its label file; loads them as a checked {@link Sample}. */
record LabelledPair(String id, Path imageFile, Path labelFile) {
    Sample load(LabelSpec spec) {
        RgbImage image = ImageFiles.readRgb(imageFile);
        LabelMap disk = ImageFiles.readLabels(labelFile);
        checkSameSize(image, disk, labelFile, imageFile);
        return new Sample(id, image, spec.toTrainIds(disk, labelFile), List.of(), imageFile, labelFile);
    }

    static void checkSameSize(RgbImage image, LabelMap label, Path labelFile, Path imageFile) {
        if (image.width() != label.width() || image.height() != label.height()) {
            throw new BadInputException(labelFile, "label is " + label.width() + "x" + label.height()
                    + " but its image " + imageFile.getFileName() + " is " + image.width() + "x" + image.height());
        }
    }
}

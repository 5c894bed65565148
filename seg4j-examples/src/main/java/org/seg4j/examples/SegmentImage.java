package org.seg4j.examples;

import java.nio.file.Path;
import org.seg4j.image.ImageFiles;
import org.seg4j.nn.infer.Prediction;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;

/** Segments an image with a seg4j model file and writes the labels as a palette PNG. Arguments: MODEL IMAGE OUT.png */
public class SegmentImage {
    public static void main(String[] args) {
        try (SegmentationModel model = SegmentationModel.open(Path.of(args[0]))) {
            Prediction prediction = Segmenter.of(model).segment(Path.of(args[1]));
            ImageFiles.writeLabelPng(Path.of(args[2]), prediction.labels(), model.labels().palette());
        }
    }
}

package org.seg4j.nn.infer;

import org.seg4j.image.LabelMap;

/**
 * A segmenter's output for one image: the label of each pixel (training ids) and, when asked for, the class
 * probabilities laid out class-major ({@code [c][y][x]}, i.e. {@code c * H * W + y * W + x}), as the CRF takes them.
 */
public record Prediction(LabelMap labels, float[] probabilities, int numClasses) {
    public boolean hasProbabilities() {
        return probabilities != null;
    }
}

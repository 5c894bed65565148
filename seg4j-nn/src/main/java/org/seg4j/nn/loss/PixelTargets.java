package org.seg4j.nn.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Integer label maps prepared for the per-pixel losses: a 0/1 mask of counted pixels in the logits' float type, and
 * the labels with ignored pixels replaced by 0 so they can index the class axis.
 */
record PixelTargets(NDArray valid, NDArray safeLabels) {
    /**
     * @throws IllegalArgumentException if a label is neither a class (0..numClasses-1) nor the ignore index
     */
    static PixelTargets of(NDArray labels, int ignoreIndex, long numClasses, DataType floatType) {
        NDArray longLabels = labels.toType(DataType.INT64, false);
        NDArray counted = longLabels.neq(ignoreIndex);
        NDArray safe = longLabels.mul(counted.toType(DataType.INT64, false));
        if (safe.size() > 0) {
            long max = safe.max().getLong();
            long min = safe.min().getLong();
            if (max >= numClasses || min < 0) {
                throw new IllegalArgumentException("labels hold " + (min < 0 ? min : max) + ", which is neither a class (0.."
                        + (numClasses - 1) + ") nor the ignore index " + ignoreIndex);
            }
        }
        return new PixelTargets(counted.toType(floatType, false), safe);
    }
}

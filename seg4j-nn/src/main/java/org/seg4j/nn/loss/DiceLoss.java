package org.seg4j.nn.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Soft Dice loss (Milletari, Navab, Ahmadi, "V-Net", 3DV 2016) over all classes of NCHW logits:
 * {@code L = 1 - (1/C) sum_c (2 sum_i p_ic y_ic + s) / (sum_i p_ic + sum_i y_ic + s)}, with p = softmax(logits),
 * y the one-hot labels, sums over the batch's non-ignored pixels, and smoothing s (default 1).
 */
public final class DiceLoss extends Loss {
    private final int ignoreIndex;
    private final float smoothing;

    public DiceLoss(int ignoreIndex) {
        this(ignoreIndex, 1f);
    }

    public DiceLoss(int ignoreIndex, float smoothing) {
        super("Dice");
        this.ignoreIndex = ignoreIndex;
        this.smoothing = smoothing;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.head();
        int classes = (int) logits.getShape().get(1);
        PixelTargets t = PixelTargets.of(labels.head(), ignoreIndex, classes, logits.getDataType());
        NDArray valid = t.valid().expandDims(1);
        NDArray p = logits.softmax(1).mul(valid);
        NDArray y = t.safeLabels().oneHot(classes, logits.getDataType()).transpose(0, 3, 1, 2).mul(valid);
        int[] axes = {0, 2, 3};
        NDArray dice = p.mul(y).sum(axes).mul(2).add(smoothing).div(p.sum(axes).add(y.sum(axes)).add(smoothing));
        return dice.mean().neg().add(1);
    }
}

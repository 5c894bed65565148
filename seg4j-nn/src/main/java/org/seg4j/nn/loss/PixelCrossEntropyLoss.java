package org.seg4j.nn.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Per-pixel softmax cross-entropy for NCHW logits and NHW integer labels, with an ignore label and optional class
 * weights, as PyTorch's {@code F.cross_entropy(logits, labels, weight=w, ignore_index=ignore)}:
 * {@code L = - sum_i w[y_i] log softmax(z_i)[y_i] / sum_i w[y_i]} over the pixels i whose label is not ignored
 * (w = 1 without class weights, which gives the plain mean). A batch with no counted pixel has loss 0.
 *
 * <p>Class weights such as SegNet's median-frequency balancing (Eigen and Fergus 2015) come from
 * {@link ClassWeights}.
 */
public final class PixelCrossEntropyLoss extends Loss {
    private final int ignoreIndex;
    private final float[] classWeights;

    /**
     * @param classWeights one weight per class, or null for none
     */
    public PixelCrossEntropyLoss(int ignoreIndex, float[] classWeights) {
        super("PixelCrossEntropy");
        this.ignoreIndex = ignoreIndex;
        this.classWeights = classWeights == null ? null : classWeights.clone();
    }

    /**
     * @param labels NHW integer labels (the first array)
     * @param predictions NCHW logits (the first array)
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.head();
        long classes = logits.getShape().get(1);
        if (classWeights != null && classWeights.length != classes) {
            throw new IllegalArgumentException(classWeights.length + " class weights for " + classes + " classes");
        }
        PixelTargets t = PixelTargets.of(labels.head(), ignoreIndex, classes, logits.getDataType());
        NDArray logProb = logits.logSoftmax(1).gather(t.safeLabels().expandDims(1), 1).squeeze(1);
        NDArray weight = t.valid();
        if (classWeights != null) {
            NDArray perClass = logits.getManager().create(classWeights).toType(logits.getDataType(), false);
            weight = weight.mul(perClass.take(t.safeLabels()));
        }
        return logProb.mul(weight).sum().neg().div(weight.sum().maximum(1e-12f));
    }
}

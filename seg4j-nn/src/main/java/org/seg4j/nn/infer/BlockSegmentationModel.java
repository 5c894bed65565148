package org.seg4j.nn.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.seg4j.image.Normalization;
import org.seg4j.label.LabelSpec;

/**
 * A {@link SegmentationModel} backed by a DJL block: a seg4j network or the symbol block of a TorchScript or ONNX
 * model. Runs the block in inference mode (no training behaviour, no gradients recorded for parameters); when the
 * block returns several arrays, the logits are the one named "out" (torchvision's segmentation models) or else the
 * first.
 */
final class BlockSegmentationModel implements SegmentationModel {
    private final Block block;
    private final LabelSpec labels;
    private final Normalization normalization;
    private final double inputScale;
    private final AutoCloseable resources;

    /** {@code resources} (the model or manager owning the weights) is closed with this model. */
    BlockSegmentationModel(Block block, LabelSpec labels, Normalization normalization, double inputScale,
            AutoCloseable resources) {
        this.block = block;
        this.labels = labels;
        this.normalization = normalization;
        this.inputScale = inputScale;
        this.resources = resources;
    }

    @Override
    public NDArray logits(NDArray images) {
        NDList out = block.forward(new ParameterStore(images.getManager(), false), new NDList(images), false);
        NDArray logits = out.size() > 1 && out.get("out") != null ? out.get("out") : out.head();
        if (logits.getManager().getEngine() != images.getManager().getEngine()) {
            // an engine other than the caller's (ONNX Runtime): copy into the caller's engine
            NDArray copy = images.getManager().from(logits);
            out.close();
            return copy;
        }
        return logits;
    }

    @Override
    public LabelSpec labels() {
        return labels;
    }

    @Override
    public Normalization normalization() {
        return normalization;
    }

    @Override
    public double inputScale() {
        return inputScale;
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the model: " + e.getMessage(), e);
        }
    }
}

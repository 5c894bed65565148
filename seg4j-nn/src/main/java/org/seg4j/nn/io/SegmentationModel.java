package org.seg4j.nn.io;

import ai.djl.ndarray.NDArray;
import org.seg4j.data.augment.Normalization;
import org.seg4j.label.LabelSpec;

/**
 * A network ready for inference, whatever its origin: a seg4j model file ({@link ModelFile#open}) or an external
 * TorchScript or ONNX model ({@link ExternalModels}). Inference code needs nothing else.
 */
public interface SegmentationModel extends AutoCloseable {
    /**
     * Class scores for a batch of images.
     *
     * @param images float32 N x C x H x W, already normalised with {@link #normalization()}
     * @return float32 N x K x H' x W' logits, K = {@code labels().numClasses()}, attached to the input's manager;
     *         seg4j architectures return H' = H and W' = W
     */
    NDArray logits(NDArray images);

    /** The classes the logits score, in channel order. */
    LabelSpec labels();

    /** How 8-bit images are turned into the network's input. */
    Normalization normalization();

    /**
     * The resolution the model works at: by default, inference resizes images by this factor and up-samples the
     * scores back to the image (1 = as is).
     */
    default double inputScale() {
        return 1;
    }

    /** Frees the weights. */
    @Override
    void close();
}

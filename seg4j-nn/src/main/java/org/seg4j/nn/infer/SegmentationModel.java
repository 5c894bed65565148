package org.seg4j.nn.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.nio.file.Path;
import org.seg4j.image.Normalization;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.io.ModelFile;
import org.seg4j.nn.model.ModelRegistry;

/**
 * A network ready for inference, whatever its origin: a seg4j model file ({@link #open(Path)}), an external
 * TorchScript or ONNX model ({@link ExternalModels}), or a DJL block of the caller's ({@link #of}). Inference code
 * ({@link Segmenter#of}) needs nothing else.
 *
 * <pre>{@code
 * try (SegmentationModel model = SegmentationModel.open(Path.of("models/camvid-unet.seg4j"))) {
 *     Prediction p = Segmenter.of(model).segment(Path.of("street.png"));
 * }
 * }</pre>
 */
public interface SegmentationModel extends AutoCloseable {
    /**
     * Opens a seg4j model file for inference: the architecture its card names is built from the standard registry
     * ({@link ModelRegistry#standard()}), its weights are loaded strictly and take no gradients. The model owns its
     * native memory; close it when done.
     *
     * @throws org.seg4j.BadInputException for a missing, malformed or truncated file, or weights that do not fit the
     *                                     architecture of its card
     */
    static SegmentationModel open(Path file) {
        return open(file, ModelRegistry.standard());
    }

    /**
     * {@link #open(Path)} for a model whose architecture is registered in {@code registry} (e.g. the standard registry
     * with architectures of your own added).
     */
    static SegmentationModel open(Path file, ModelRegistry registry) {
        ModelFile model = ModelFile.read(file);
        NDManager weights = NDManager.newBaseManager();
        try {
            Block block = model.load(weights, registry::createSegmentation);
            // inference only: without gradients the engine records no autograd graph, which would keep every
            // intermediate array of a forward pass alive as long as its output
            block.freezeParameters(true);
            return of(block, model.card().labels(), model.card().normalization(), model.card().inputScale(), weights);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    /**
     * Wraps a DJL block as a model; the block runs in inference mode. For a block used only for inference, freeze its
     * parameters first ({@code block.freezeParameters(true)}, as {@link #open} does): parameters that take gradients
     * make the engine record an autograd graph that keeps every intermediate array of a forward pass alive.
     *
     * @param block         maps float32 N x C x H x W to N x K x H x W logits (or an NDList whose "out" entry or
     *                      first array is that)
     * @param inputScale    the resolution the model works at (1 = the image's own)
     * @param resources     closed with the model (the manager or model owning the weights); may be a no-op
     */
    static SegmentationModel of(Block block, LabelSpec labels, Normalization normalization, double inputScale,
            AutoCloseable resources) {
        return new BlockSegmentationModel(block, labels, normalization, inputScale, resources);
    }

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
     * The resolution the model works at: inference resizes images by this factor and up-samples the scores back to
     * the image (1 = as is; 0.5 for a model trained on half-resolution images). {@link InferenceOptions#scales()}
     * are relative to it.
     */
    default double inputScale() {
        return 1;
    }

    /** Frees the weights. */
    @Override
    void close();
}

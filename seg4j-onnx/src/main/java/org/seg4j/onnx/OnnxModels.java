package org.seg4j.onnx;

import java.nio.file.Path;
import org.seg4j.image.Normalization;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.infer.ExternalModels;
import org.seg4j.nn.infer.SegmentationModel;

/**
 * ONNX segmentation networks (from {@code torch.onnx.export}, or from {@code seg4j export}) on DJL's ONNX Runtime
 * engine, CPU, with the natives of the onnxruntime jar: the network must take one N x C x H x W float32 tensor and
 * return the logits first. An ONNX file carries no class names or normalisation, so the caller supplies them.
 */
public final class OnnxModels {
    /** DJL's name of the ONNX Runtime engine. */
    public static final String ENGINE = "OnnxRuntime";

    private OnnxModels() {
    }

    /**
     * Opens an ONNX file.
     *
     * @throws org.seg4j.BadInputException if the file is absent or ONNX Runtime cannot load it
     */
    public static SegmentationModel open(Path file, LabelSpec labels, Normalization normalization) {
        return ExternalModels.load(file, ENGINE, "ONNX", labels, normalization);
    }
}

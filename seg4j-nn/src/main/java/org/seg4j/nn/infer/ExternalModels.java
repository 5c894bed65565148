package org.seg4j.nn.infer;

import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.seg4j.BadInputException;
import org.seg4j.image.Normalization;
import org.seg4j.label.LabelSpec;

/**
 * Segmentation networks trained elsewhere, run through DJL behind {@link SegmentationModel}: TorchScript files
 * ({@code torch.jit.trace} or {@code torch.jit.script}, {@code .pt}) on the PyTorch engine, and through
 * {@link #load} any other DJL engine on the class path (the optional module seg4j-onnx opens ONNX files on ONNX
 * Runtime this way). The model is loaded from the given path only (DJL's {@link Criteria} with a model path and
 * no model zoo), so nothing is downloaded. The network must take one N x C x H x W float32 tensor and return the
 * logits (or a dictionary or tuple whose "out" entry or first entry are the logits). Such files carry no class
 * names or normalisation, so the caller supplies them.
 */
public final class ExternalModels {
    private ExternalModels() {
    }

    /** A TorchScript model on the PyTorch engine. */
    public static SegmentationModel torchScript(Path file, LabelSpec labels, Normalization normalization) {
        return load(file, "PyTorch", "TorchScript", labels, normalization);
    }

    /**
     * A model file on the named DJL engine.
     *
     * @param engine the DJL engine name ("PyTorch", "OnnxRuntime"), which must be on the class path
     * @param format the file format, for messages ("TorchScript", "ONNX")
     * @throws BadInputException if the file is absent or the engine cannot load it
     */
    public static SegmentationModel load(Path file, String engine, String format, LabelSpec labels,
            Normalization normalization) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, format + " model file does not exist");
        }
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(file.toAbsolutePath()).optEngine(engine).optTranslator(new NoopTranslator()).build();
        try {
            ZooModel<NDList, NDList> model = criteria.loadModel();
            return new BlockSegmentationModel(model.getBlock(), labels, normalization, 1, model);
        } catch (MalformedModelException | EngineException e) {
            throw new BadInputException(file, "not a loadable " + format + " model: " + e.getMessage(), e);
        } catch (ModelNotFoundException | IOException e) {
            throw new BadInputException(file, "cannot load the " + format + " model: " + e.getMessage(), e);
        }
    }
}

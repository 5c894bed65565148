package org.seg4j.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.seg4j.BadInputException;
import org.seg4j.crf.CrfParameters;
import org.seg4j.data.augment.Normalization;
import org.seg4j.label.LabelSpec;
import org.seg4j.label.LabelSpecJson;
import org.seg4j.nn.infer.CrfRefinement;
import org.seg4j.nn.infer.InferenceOptions;
import org.seg4j.nn.infer.Segmenter;
import org.seg4j.nn.io.ExternalModels;
import org.seg4j.nn.io.ModelFile;
import org.seg4j.nn.io.SegmentationModel;
import org.seg4j.nn.model.ModelArgs;
import org.seg4j.nn.model.ModelRegistry;
import picocli.CommandLine.Option;

/** The options that name a model and say how to run it, shared by predict and eval. */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "FILE",
            description = "A seg4j model file (.seg4j), or a TorchScript (.pt) / ONNX (.onnx) model with --model-labels.")
    Path model;

    @Option(names = "--model-labels", paramLabel = "SPEC",
            description = "Label spec of an external (TorchScript/ONNX) model: a built-in name or a JSON file.")
    String modelLabels;

    @Option(names = "--tile", defaultValue = "0", description = "Sliding-window tile size; 0 = whole image (default).")
    int tile;

    @Option(names = "--overlap", defaultValue = "0.25", description = "Tile overlap fraction (default ${DEFAULT-VALUE}).")
    double overlap;

    @Option(names = "--scales", split = ",", paramLabel = "S,...",
            description = "Test-time scales, e.g. 0.75,1,1.25 (default: the model's input scale, 1 for most).")
    double[] scales;

    @Option(names = "--flip", description = "Also predict the mirrored image and average.")
    boolean flip;

    @Option(names = "--rotate", description = "Also predict the image turned by 90, 180 and 270 degrees and average "
            + "(data without a preferred orientation, e.g. microscopy; with --flip, all eight symmetries).")
    boolean rotate;

    @Option(names = "--crf", description = "Refine with the fully connected CRF (DeepLab's parameters).")
    boolean crf;

    @Option(names = "--threads", defaultValue = "2", description = "Worker threads (CRF, reading predictions; default ${DEFAULT-VALUE}).")
    int threads;

    SegmentationModel open(NDManager manager) {
        if (model == null) {
            throw new BadInputException(null, "--model FILE is required");
        }
        String name = model.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean external = name.endsWith(".pt") || name.endsWith(".onnx");
        if (!external) {
            ModelRegistry registry = ModelRegistry.standard();
            return ModelFile.open(model, manager, c -> registry.createSegmentation(c.architecture(),
                    new ModelArgs(c.numClasses(), c.inChannels(), c.options())));
        }
        if (modelLabels == null) {
            throw new BadInputException(model, "an external model needs --model-labels (the classes it predicts)");
        }
        LabelSpec labels = LabelSpecJson.resolve(modelLabels);
        return name.endsWith(".pt") ? ExternalModels.torchScript(model, labels, Normalization.imagenet())
                : ExternalModels.onnx(model, labels, Normalization.imagenet());
    }

    /** Refuses to score a model against a data set whose classes are not the model's, in the same order. */
    void requireClassesOf(SegmentationModel m, LabelSpec data) {
        if (!m.labels().classNames().equals(data.classNames())) {
            throw new BadInputException(model, "the model predicts " + m.labels().classNames()
                    + " but the data set's classes are " + data.classNames());
        }
    }

    Segmenter segmenter(SegmentationModel m, NDManager manager) {
        double[] s = scales == null ? new double[] {m.inputScale()} : Arrays.copyOf(scales, scales.length);
        InferenceOptions options = new InferenceOptions(tile, overlap, 1, s, flip, rotate);
        return new Segmenter(m::logits, m.labels().numClasses(), m.normalization(), options, manager);
    }

    /** The CRF step, or null without --crf. */
    CrfRefinement refinement() {
        return crf ? new CrfRefinement(CrfParameters.deepLab(), threads) : null;
    }

    /** Image to prediction: the segmenter, then the CRF when asked for. */
    java.util.function.Function<org.seg4j.image.RgbImage, org.seg4j.nn.infer.Prediction> predictor(
            SegmentationModel m, NDManager manager, boolean withProbabilities) {
        Segmenter segmenter = segmenter(m, manager);
        CrfRefinement refinement = refinement();
        return image -> {
            org.seg4j.nn.infer.Prediction p = segmenter.predict(image, withProbabilities || refinement != null);
            return refinement == null ? p : refinement.refine(image, p);
        };
    }
}

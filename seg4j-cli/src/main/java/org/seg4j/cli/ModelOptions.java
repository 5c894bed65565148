package org.seg4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.seg4j.BadInputException;
import org.seg4j.crf.CrfParameters;
import org.seg4j.image.Normalization;
import org.seg4j.label.LabelSpec;
import org.seg4j.label.LabelSpecJson;
import org.seg4j.nn.infer.ExternalModels;
import org.seg4j.nn.infer.InferenceOptions;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;
import org.seg4j.onnx.OnnxModels;
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
            description = "Test-time scales relative to the model's input scale, e.g. 0.75,1,1.25 (default 1).")
    double[] scales;

    @Option(names = "--flip", description = "Also predict the mirrored image and average.")
    boolean flip;

    @Option(names = "--rotate", description = "Also predict the image turned by 90, 180 and 270 degrees and average "
            + "(data without a preferred orientation, e.g. microscopy; with --flip, all eight symmetries).")
    boolean rotate;

    @Option(names = "--crf", description = "Refine with the fully connected CRF (DeepLab's parameters).")
    boolean crf;

    @Option(names = "--threads", defaultValue = "2",
            description = "Worker threads (CRF, reading predictions; default ${DEFAULT-VALUE}).")
    int threads;

    /** Opens the model: a seg4j model file, or an external one with its --model-labels. */
    SegmentationModel open() {
        if (model == null) {
            throw new BadInputException(null, "--model FILE is required");
        }
        String name = model.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean external = name.endsWith(".pt") || name.endsWith(".onnx");
        if (!external) {
            return SegmentationModel.open(model);
        }
        if (modelLabels == null) {
            throw new BadInputException(model, "an external model needs --model-labels (the classes it predicts)");
        }
        LabelSpec labels = LabelSpecJson.resolve(modelLabels);
        return name.endsWith(".pt") ? ExternalModels.torchScript(model, labels, Normalization.imagenet())
                : OnnxModels.open(model, labels, Normalization.imagenet());
    }

    /** Refuses to score a model against a data set whose classes are not the model's, in the same order. */
    void requireClassesOf(SegmentationModel m, LabelSpec data) {
        if (!m.labels().classNames().equals(data.classNames())) {
            throw new BadInputException(model, "the model predicts " + m.labels().classNames()
                    + " but the data set's classes are " + data.classNames());
        }
    }

    /** The inference options these flags ask for. */
    InferenceOptions inference() {
        InferenceOptions options = InferenceOptions.defaults().withTile(tile, overlap).withFlip(flip)
                .withRotate(rotate).withThreads(threads).withCrf(crf ? CrfParameters.deepLab() : null);
        return scales == null ? options : options.withScales(scales);
    }

    /** The segmenter these flags ask for, the CRF included when asked for. */
    Segmenter segmenter(SegmentationModel m) {
        return Segmenter.of(m, inference());
    }
}

package org.seg4j.onnx.export;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seg4j.BadInputException;
import org.seg4j.nn.io.ModelCard;
import org.seg4j.nn.io.ModelCardJson;
import org.seg4j.nn.layer.Aspp;
import org.seg4j.nn.layer.MaxPool2dIndices;
import org.seg4j.nn.layer.TransposedConv2d;
import org.seg4j.nn.model.AdaptiveAvgPool2d;
import org.seg4j.nn.model.Backbone;
import org.seg4j.nn.model.Bottleneck;
import org.seg4j.nn.model.DeepLab;
import org.seg4j.nn.model.Fcn;
import org.seg4j.nn.model.LocalizerNet;
import org.seg4j.nn.model.SegNet;
import org.seg4j.nn.model.UNet;
import org.seg4j.onnx.proto.OnnxProto.ModelProto;
import org.seg4j.onnx.proto.OnnxProto.StringStringEntryProto;
import org.seg4j.onnx.proto.OnnxProto.TensorShapeProto;
import org.seg4j.onnx.proto.OnnxProto.ValueInfoProto;

/**
 * Exports an initialised seg4j network to an ONNX model (opset {@value OnnxGraph#OPSET}) whose graph computes the
 * network's inference forward pass: input {@code input} {@code [batch, C, height, width]} float32, normalised as the
 * model card says (the graph does not normalise), output {@code logits} {@code [batch, classes, height, width]}
 * (classifiers: {@code [batch, classes]}; the localizer: {@code logits} and {@code boxes} for
 * {@value LocalizerNet#WINDOW}-pixel windows). Height and width are dynamic. Weights are written as float32 whatever
 * the model file stores; the model card travels as the model's {@code seg4j} metadata entry.
 */
public final class OnnxExport {
    /** The metadata key of the model card (as in seg4j model files). */
    public static final String METADATA_KEY = "seg4j";

    private OnnxExport() {
    }

    /** The exporter of each block class; more specific classes first. */
    private static Map<Class<? extends Block>, BlockExporter> exporters() {
        Map<Class<? extends Block>, BlockExporter> m = new LinkedHashMap<>();
        m.put(Fcn.class, new FcnExporter());
        m.put(DeepLab.class, new DeepLabExporter());
        m.put(UNet.class, new UNetExporter());
        m.put(SegNet.class, new SegNetExporter());
        m.put(LocalizerNet.class, new LocalizerExporter());
        m.put(Backbone.class, new BackboneExporter());
        m.put(Aspp.class, new AsppExporter());
        m.put(Bottleneck.class, new BottleneckExporter());
        m.put(Conv2d.class, new ConvExporter());
        m.put(TransposedConv2d.class, new TransposedConvExporter());
        m.put(BatchNorm.class, new BatchNormExporter());
        m.put(Linear.class, new LinearExporter());
        m.put(MaxPool2dIndices.class, PoolExporter::withIndices);
        m.put(AdaptiveAvgPool2d.class, PoolExporter::adaptiveAverage);
        m.put(Dropout.class, (block, inputs, export) -> inputs); // the identity at inference
        m.put(LambdaBlock.class, new LambdaExporter());
        m.put(SequentialBlock.class, new SequentialExporter());
        return m;
    }

    /**
     * The ONNX model of {@code net} (initialised, with the weights to export) described by {@code card}.
     *
     * @param producerVersion the seg4j version, recorded as the model's producer version
     * @throws UnsupportedOperationException if the network holds a block with no ONNX counterpart
     */
    public static ModelProto export(Block net, ModelCard card, String producerVersion) {
        GraphExport export = new GraphExport(exporters());
        OnnxGraph graph = export.graph();
        boolean windows = net instanceof LocalizerNet;
        long side = windows ? LocalizerNet.WINDOW : -1;
        String[] inputNames = {"batch", null, "height", "width"};
        String input = graph.input("input", new long[] {-1, card.inChannels(), side, side}, inputNames);
        List<String> outputs = export.export(net, List.of(input));
        Shape[] shapes = net.getOutputShapes(new Shape[] {new Shape(1, card.inChannels(), 224, 224)});
        for (int i = 0; i < outputs.size(); i++) {
            String name = i == 0 ? "logits" : windows && i == 1 ? "boxes" : "output" + i;
            long[] dims = shapes[i].getShape().clone();
            dims[0] = -1;
            if (dims.length == 4) {
                dims[2] = side;
                dims[3] = side;
            }
            graph.output(outputs.get(i), name, dims, inputNames);
        }
        String doc = card.architecture() + " " + card.options() + ", " + card.numClasses() + " classes; input = (RGB / 255"
                + " - mean) / std, mean " + Arrays.toString(card.normalization().mean()) + ", std "
                + Arrays.toString(card.normalization().std()) + ", image scaled by " + card.inputScale();
        return graph.model(producerVersion, doc).toBuilder().addMetadataProps(StringStringEntryProto.newBuilder()
                .setKey(METADATA_KEY).setValue(ModelCardJson.toJson(card).toString())).build();
    }

    /** A graph input or output as {@code name [dim, ..]}, symbolic dimensions by name. */
    public static String describe(ValueInfoProto value) {
        StringBuilder b = new StringBuilder(value.getName()).append(" [");
        List<TensorShapeProto.Dimension> dims = value.getType().getTensorType().getShape().getDimList();
        for (int i = 0; i < dims.size(); i++) {
            TensorShapeProto.Dimension d = dims.get(i);
            b.append(i > 0 ? ", " : "").append(d.hasDimParam() ? d.getDimParam() : String.valueOf(d.getDimValue()));
        }
        return b.append(']').toString();
    }

    /**
     * The folder {@code file} would be written to.
     *
     * @throws BadInputException if it does not exist
     */
    public static Path requireFolder(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new BadInputException(file, "output folder " + folder + " does not exist");
        }
        return folder;
    }

    /**
     * Writes {@code model} to {@code file} atomically: a temporary file in the same folder, renamed over the target.
     *
     * @throws BadInputException if the folder does not exist or cannot be written
     */
    public static void write(ModelProto model, Path file) {
        Path folder = requireFolder(file);
        Path temp = null;
        try {
            temp = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                model.writeTo(out);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot write the ONNX model: " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the rename succeeded or the write failed already; a leftover temporary file is harmless
                }
            }
        }
    }
}

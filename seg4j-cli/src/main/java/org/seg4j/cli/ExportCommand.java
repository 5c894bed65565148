package org.seg4j.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.seg4j.BadInputException;
import org.seg4j.nn.io.ModelCard;
import org.seg4j.nn.io.ModelFile;
import org.seg4j.nn.model.ModelRegistry;
import org.seg4j.onnx.export.OnnxExport;
import org.seg4j.onnx.export.OnnxGraph;
import org.seg4j.onnx.proto.OnnxProto.ModelProto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seg4j export --model FILE --format onnx --out F.onnx}: a seg4j model file as an ONNX model. */
@Command(name = "export", description = "Export a seg4j model to ONNX (opset " + OnnxGraph.OPSET
        + ", dynamic batch, height and width; float32 weights) for ONNX Runtime and other runtimes.")
final class ExportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The seg4j model file to export.")
    Path model;

    @Option(names = "--format", defaultValue = "onnx", paramLabel = "FORMAT",
            description = "Output format: onnx (the default). TorchScript is not"
                    + " offered: DJL 0.35.1 cannot trace or script a Java block.")
    Format format;

    /** The formats offered. */
    enum Format { ONNX }

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The ONNX file to write.")
    Path out;

    @Override
    public void run() {
        OnnxExport.requireFolder(out);
        ModelFile file = ModelFile.read(model);
        ModelCard card = file.card();
        ModelProto onnx;
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = file.load(manager, ModelRegistry.standard()::create);
            onnx = OnnxExport.export(block, card, Seg4jVersion.version());
        } catch (UnsupportedOperationException e) {
            throw new BadInputException(model, "cannot export architecture '" + card.architecture() + "' to ONNX: "
                    + e.getMessage(), e);
        }
        OnnxExport.write(onnx, out);
        PrintWriter console = spec.commandLine().getOut();
        console.printf("wrote %s: ONNX opset %d, %d nodes, %d weight tensors, %,d bytes%n", out, OnnxGraph.OPSET,
                onnx.getGraph().getNodeCount(), onnx.getGraph().getInitializerCount(), size(out));
        console.printf("input %s, output %s; input = (RGB / 255 - mean) / std, mean %s, std %s, image scaled by %s%n",
                OnnxExport.describe(onnx.getGraph().getInput(0)),
                onnx.getGraph().getOutputList().stream().map(OnnxExport::describe).collect(Collectors.joining(", ")),
                Arrays.toString(card.normalization().mean()), Arrays.toString(card.normalization().std()),
                card.inputScale());
        console.flush();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

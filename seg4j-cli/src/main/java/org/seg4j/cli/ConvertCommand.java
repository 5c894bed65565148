package org.seg4j.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.seg4j.nn.io.ModelFile;
import org.seg4j.nn.model.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seg4j convert --model IN --out OUT [--float16]}: rewrites a model file, e.g. with half-precision weights. */
@Command(name = "convert", description = "Rewrite a seg4j model file, e.g. with float16 weights (half the size).")
final class ConvertCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The seg4j model file to read.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The model file to write.")
    Path out;

    @Option(names = "--float16", description = "Store the weights as IEEE half-precision floats.")
    boolean float16;

    @Override
    public void run() {
        PrintWriter console = spec.commandLine().getOut();
        ModelFile file = ModelFile.read(model);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = file.load(manager, ModelRegistry.standard()::create);
            ModelFile.save(out, file.card(), block, float16);
        }
        console.printf("wrote %s (%s weights, %,d bytes; was %,d)%n", out, float16 ? "float16" : "float32",
                size(out), size(model));
        console.flush();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}

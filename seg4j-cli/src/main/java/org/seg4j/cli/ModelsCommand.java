package org.seg4j.cli;

import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import org.seg4j.nn.model.ArchitectureFactory;
import org.seg4j.nn.model.ModelArgs;
import org.seg4j.nn.model.ModelRegistry;
import org.seg4j.nn.model.ParameterCount;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Lists the registered architectures with their parameter counts for a number of classes. The counts come from the
 * parameter shapes (no weights are allocated, nothing runs forward).
 */
@Command(name = "models", description = "List the network architectures with their parameter counts.")
final class ModelsCommand implements Runnable {
    /** Large enough for five 2x2 poolings; parameter shapes do not depend on the spatial size. */
    private static final int PROBE_SIZE = 32;

    @Spec
    CommandSpec spec;

    @Option(names = "--classes", defaultValue = "21", paramLabel = "N",
            description = "Number of output classes to count parameters for (default ${DEFAULT-VALUE}, Pascal VOC).")
    int classes;

    @Override
    public void run() {
        if (classes < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--classes must be at least 1, got " + classes);
        }
        PrintWriter out = spec.commandLine().getOut();
        ModelArgs args = ModelArgs.of(classes);
        out.printf("%-20s %14s  %s%n", "architecture", "parameters", "description");
        for (ArchitectureFactory f : ModelRegistry.standard().factories()) {
            long count = ParameterCount.of(f.create(args), new Shape(1, args.inChannels(), PROBE_SIZE, PROBE_SIZE));
            out.printf("%-20s %,14d  %s%n", f.name(), count, f.description());
        }
        out.printf("parameters counted for %d classes and %d input channels%n", classes, args.inChannels());
        out.flush();
    }
}

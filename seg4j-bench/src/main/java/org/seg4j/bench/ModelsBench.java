package org.seg4j.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.seg4j.BadInputException;
import org.seg4j.nn.model.ArchitectureFactory;
import org.seg4j.nn.model.ModelArgs;
import org.seg4j.nn.model.ModelRegistry;
import org.seg4j.nn.model.ParameterCount;

/**
 * {@code seg4j bench models}: every segmentation architecture of {@link ModelRegistry#standard()} (those whose output
 * is one score map per class at input resolution), full size, input {@code [1, 3, size, size]}: the median time of a
 * forward pass in inference mode and of a forward + backward pass in training mode (loss = sum of the logits,
 * gradients of every learnable parameter), on seg4j and, in the same run, on the same architecture in PyTorch: the
 * definitions in the repository's {@code tools/reference} ({@code fcn_deeplab.py}, {@code unet.py}, {@code segnet.py})
 * timed by the bundled {@code models_bench.py} under {@code /usr/bin/python3}, one subprocess per architecture. Also
 * the forward pass's floating-point operations (2 per multiply-add of every convolution and transposed convolution,
 * counted by forward hooks in that script) and the rate seg4j achieves. The PyTorch column is skipped, with the
 * reason, when python3, torch or the reference definitions are missing.
 *
 * <p>Parameters ({@code -P KEY=VALUE}): {@code models=a,b} (default: all segmentation architectures),
 * {@code size=512}, {@code classes=21}, {@code width=1} (channel multiplier, passed to both sides as the architecture
 * option {@code width}), {@code backward=true} ({@code false} times the forward pass only), {@code warmup=3},
 * {@code python=/usr/bin/python3}, {@code reference=DIR} (default: {@code tools/reference} in the working directory
 * or the nearest parent that has one). Repetitions and threads are the command's {@code --repetitions} and
 * {@code --threads}.
 */
public final class ModelsBench implements Benchmark {
    /** Input side for telling segmentation networks from classifiers by their output shape. */
    private static final int PROBE_SIZE = 64;
    private static final Duration PYTHON_TIMEOUT = Duration.ofMinutes(30);

    @Override
    public String name() {
        return "models";
    }

    @Override
    public String description() {
        return "each segmentation architecture, forward and forward+backward, vs the same network in PyTorch, ms";
    }

    /** The settings read from {@code -P}. */
    private record Settings(int size, int classes, String width, boolean backward, int warmup, int reps,
            int threads) {
        ModelArgs args() {
            ModelArgs args = ModelArgs.of(classes);
            return width == null ? args : args.with("width", width);
        }
    }

    /** Median milliseconds; {@code forwardBackward} is NaN when not timed. */
    private record Times(double forward, double forwardBackward) {
    }

    @Override
    public void run(BenchOptions options, PrintWriter out) {
        EngineThreads.request(options.threads());
        ModelRegistry registry = ModelRegistry.standard();
        Settings s = new Settings(BenchParams.positive(options, "size", 512),
                BenchParams.positive(options, "classes", 21), options.param("width", null),
                BenchParams.bool(options, "backward", true), BenchParams.nonNegative(options, "warmup", 3),
                options.repetitions(), options.threads());
        List<String> names = select(registry, options.param("models", null));
        names.forEach(name -> create(registry, name, s.args()));
        out.printf("models: input 1x3x%dx%d, batch 1, %d classes, width %s, median of %d after %d warm-up runs;"
                + " forward in inference mode%s%n", s.size(), s.size(), s.classes(), s.width() == null ? "1"
                : s.width(), s.reps(), s.warmup(), s.backward()
                ? ", forward+backward in training mode (loss = sum of logits)" : " (forward+backward skipped)");
        out.printf("  seg4j: DJL %s, PyTorch engine, libtorch %s, %d threads%n", Engine.getDjlVersion(),
                Engine.getEngine("PyTorch").getVersion(), EngineThreads.actual());
        PythonScript script = new PythonScript(options.param("python", "/usr/bin/python3"), "models_bench.py");
        Path reference = referenceAvailable(script, options, s, out);
        out.printf("  %-20s %10s %10s %7s %10s %10s %7s %8s %8s%n", "architecture", "seg4j fwd", "torch fwd", "ratio",
                "seg4j f+b", "torch f+b", "ratio", "GFLOP", "GFLOP/s");
        out.flush();
        for (String name : names) {
            Times torch = null;
            double flops = Double.NaN;
            if (reference != null) {
                ReferenceProcess.Result r = script.run(PYTHON_TIMEOUT, List.of(reference.toString(), name,
                        "" + s.size(), "" + s.classes(), s.width() == null ? "1" : s.width(), "" + s.threads(),
                        "" + s.warmup(), "" + s.reps(), "" + s.backward()));
                if (r.ok()) {
                    flops = Double.parseDouble(r.fields("flops")[0]);
                    torch = new Times(Double.parseDouble(r.fields("forward")[0]), s.backward()
                            ? Double.parseDouble(r.fields("forward_backward")[0]) : Double.NaN);
                } else {
                    out.printf("  PyTorch reference for %s skipped: %s%n", name, r.failure());
                }
            }
            Times mine = seg4jTimes(create(registry, name, s.args()), s);
            out.printf("  %-20s %10s %10s %7s %10s %10s %7s %8s %8s%n", name, ms(mine.forward()),
                    torch == null ? "-" : ms(torch.forward()), torch == null ? "-" : ratio(mine.forward(),
                            torch.forward()), ms(mine.forwardBackward()), torch == null ? "-"
                            : ms(torch.forwardBackward()), torch == null ? "-" : ratio(mine.forwardBackward(),
                            torch.forwardBackward()), Double.isNaN(flops) ? "-" : String.format("%.2f", flops / 1e9),
                    Double.isNaN(flops) ? "-" : String.format("%.1f", flops / 1e9 / (mine.forward() / 1e3)));
            out.flush();
        }
        out.println("  ratio = seg4j time / PyTorch time (target <= 1.1); GFLOP = 2 x multiply-adds of the"
                + " convolutions and transposed convolutions of one forward pass, counted by forward hooks in"
                + " models_bench.py; GFLOP/s = GFLOP / seg4j forward time");
    }

    /**
     * The registry's segmentation architectures, in registration order: those whose output for an NCHW input is one
     * score map per class at the input's height and width (classifiers such as {@code vgg16} return a vector).
     */
    static List<String> segmentationArchitectures(ModelRegistry registry) {
        List<String> names = new ArrayList<>();
        for (ArchitectureFactory f : registry.factories()) {
            if (isSegmentation(f)) {
                names.add(f.name());
            }
        }
        return names;
    }

    private static boolean isSegmentation(ArchitectureFactory factory) {
        int classes = 2;
        Shape input = new Shape(1, 3, PROBE_SIZE, PROBE_SIZE);
        Block block = factory.create(ModelArgs.of(classes));
        // shape inference only: the placeholders ParameterCount leaves behind carry the shapes getOutputShapes needs
        ParameterCount.of(block, input);
        Shape[] output = block.getOutputShapes(new Shape[] {input});
        return output.length == 1 && output[0].equals(new Shape(1, classes, PROBE_SIZE, PROBE_SIZE));
    }

    private static List<String> select(ModelRegistry registry, String requested) {
        List<String> segmentation = segmentationArchitectures(registry);
        if (requested == null) {
            return segmentation;
        }
        List<String> names = new ArrayList<>();
        for (String n : requested.split(",")) {
            String name = n.trim();
            if (!segmentation.contains(name)) {
                throw new BadInputException(null, "-P models: '" + name + "' is not a registered segmentation"
                        + " architecture; known: " + String.join(", ", segmentation));
            }
            names.add(name);
        }
        return names;
    }

    /** A fresh block; an option the architecture rejects (e.g. {@code -P width}) is bad input. */
    private static Block create(ModelRegistry registry, String name, ModelArgs args) {
        try {
            return registry.create(name, args);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(null, "-P: " + name + ": " + e.getMessage());
        }
    }

    /** The reference folder when python3, torch and the folder are all there; null (with the reason) otherwise. */
    private static Path referenceAvailable(PythonScript script, BenchOptions options, Settings s, PrintWriter out) {
        String given = options.param("reference", null);
        Path reference = given != null ? Path.of(given).toAbsolutePath() : RepositoryFiles.find("tools/reference");
        if (reference == null || !Files.isRegularFile(reference.resolve("backbones.py"))) {
            out.printf("  PyTorch reference skipped: %s%n", given != null ? given + " holds no backbones.py"
                    : "no tools/reference in " + Path.of("").toAbsolutePath() + " or its parents; pass"
                    + " -P reference=DIR");
            return null;
        }
        ReferenceProcess.Result version = script.run(Duration.ofMinutes(2), List.of("version"));
        String[] torch = version.ok() ? version.fields("torch") : null;
        if (torch == null) {
            out.printf("  PyTorch reference skipped: %s%n", version.ok() ? "no torch version printed"
                    : version.failure());
            return null;
        }
        out.printf("  PyTorch reference: %s, torch %s, %d threads (torch.set_num_threads), definitions in %s%n",
                script.python(), torch[0], s.threads(), reference);
        return reference;
    }

    private static Times seg4jTimes(Block block, Settings s) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(0);
            Shape shape = new Shape(1, 3, s.size(), s.size());
            block.initialize(manager, DataType.FLOAT32, shape);
            NDArray x = manager.randomNormal(shape);
            NDList input = new NDList(x);
            ParameterStore store = new ParameterStore(manager, false);
            // Each run's scope borrows the input, so everything the run creates is freed with the scope.
            long forward = Timing.medianNanos(s.warmup(), s.reps(), () -> {
                try (NDManager scope = manager.newSubManager()) {
                    scope.tempAttachAll(input);
                    block.forward(store, input, false).head().getFloat(0, 0, 0, 0);
                }
            });
            if (!s.backward()) {
                return new Times(forward / 1e6, Double.NaN);
            }
            // DJL does not zero gradients between backward passes: they accumulate, as in the PyTorch script.
            long forwardBackward = Timing.medianNanos(s.warmup(), s.reps(), () -> {
                try (NDManager scope = manager.newSubManager();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    scope.tempAttachAll(input);
                    gc.backward(block.forward(store, input, true).head().sum());
                }
            });
            return new Times(forward / 1e6, forwardBackward / 1e6);
        }
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.2fms", value);
    }

    private static String ratio(double mine, double reference) {
        return Double.isNaN(mine) || Double.isNaN(reference) ? "-" : String.format("%.2fx", mine / reference);
    }
}

package org.seg4j.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.seg4j.BadInputException;
import org.seg4j.nn.layer.TransposedConv2d;

/**
 * {@code seg4j bench tconv}: seg4j's {@link TransposedConv2d} (sub-pixel decomposition) against PyTorch's native
 * {@code ConvTranspose2d} on the same shapes, timed in the same run: forward, and forward + backward (gradients of the
 * output sum with respect to input, weight and bias), batch 1, medians. The PyTorch side runs as a subprocess
 * ({@code /usr/bin/python3} with the bundled {@code transposed_conv_bench.py}, {@code torch.set_num_threads}); it is
 * skipped with a message when python3 or torch is missing. Shapes: FCN's 2x, 8x and 32x up-sampling of 21 class scores
 * (k 4 s 2, k 16 s 8, k 64 s 32, no bias, no padding as FCN's Caffe layers) and U-Net's 2x2 up-convolution
 * 128 -> 64 at 128x128. Parameters: {@code -P shapes=fcn2x,fcn8x,fcn32x,unet} (a subset),
 * {@code -P python=/usr/bin/python3}. The engine thread count is {@code --threads} when the engine is not yet loaded.
 */
public final class TransposedConvBench implements Benchmark {
    private static final List<Case> CASES = List.of(
            new Case("fcn2x", 21, 21, 4, 2, 0, 64, 64, false),
            new Case("fcn8x", 21, 21, 16, 8, 0, 32, 32, false),
            new Case("fcn32x", 21, 21, 64, 32, 0, 12, 12, false),
            new Case("unet", 128, 64, 2, 2, 0, 128, 128, true));

    /** One shape: input {@code [1, cin, h, w]}, kernel k, stride s, padding p. */
    record Case(String name, int cin, int cout, int k, int s, int p, int h, int w, boolean bias) {
        String spec() {
            return String.join(":", name, "" + cin, "" + cout, "" + k, "" + s, "" + p, "" + h, "" + w, "" + bias);
        }

        long outH() {
            return TransposedConv2d.transposedSize(h, k, s, p, 0);
        }

        long outW() {
            return TransposedConv2d.transposedSize(w, k, s, p, 0);
        }

        double gflop() {
            return 2.0 * cin * cout * k * k * h * w / 1e9;
        }
    }

    @Override
    public String name() {
        return "tconv";
    }

    @Override
    public String description() {
        return "transposed convolution (sub-pixel) vs PyTorch's native ConvTranspose2d, FCN/U-Net shapes, ms";
    }

    @Override
    public void run(BenchOptions options, PrintWriter out) {
        List<Case> cases = select(options.param("shapes", "fcn2x,fcn8x,fcn32x,unet"));
        int reps = options.repetitions();
        EngineThreads.request(options.threads());
        out.printf("tconv: batch 1, %d threads, median of %d after 3 warm-up runs; forward and forward+backward%n",
                options.threads(), reps);
        out.flush();
        Map<String, double[]> torch = pytorchTimes(options, cases, reps, out);
        out.printf("  %-7s %-26s %10s %10s %7s %10s %10s %7s %8s%n", "shape", "cin->cout k s, input -> output",
                "seg4j fwd", "torch fwd", "ratio", "seg4j f+b", "torch f+b", "ratio", "GFLOP/s");
        for (Case c : cases) {
            double[] mine = seg4jTimes(c, reps);
            double[] ref = torch.get(c.name());
            String what = String.format("%d->%d k%d s%d, %dx%d -> %dx%d", c.cin(), c.cout(), c.k(), c.s(), c.h(),
                    c.w(), c.outH(), c.outW());
            out.printf("  %-7s %-26s %8.2fms %10s %7s %8.2fms %10s %7s %8.1f%n", c.name(), what, mine[0],
                    ref == null ? "-" : String.format("%.2fms", ref[0]),
                    ref == null ? "-" : String.format("%.2fx", mine[0] / ref[0]), mine[1],
                    ref == null ? "-" : String.format("%.2fms", ref[1]),
                    ref == null ? "-" : String.format("%.2fx", mine[1] / ref[1]), c.gflop() / (mine[0] / 1e3));
            out.flush();
        }
        out.println("  ratio = seg4j time / PyTorch time (target <= 1.3); GFLOP/s = seg4j forward, 2 Cin Cout k^2 H W"
                + " flops");
    }

    private static List<Case> select(String names) {
        List<Case> chosen = new ArrayList<>();
        for (String n : names.split(",")) {
            chosen.add(CASES.stream().filter(c -> c.name().equals(n.trim())).findFirst()
                    .orElseThrow(() -> new BadInputException(null, "-P shapes: unknown shape '" + n
                            + "'; known: fcn2x, fcn8x, fcn32x, unet")));
        }
        return chosen;
    }

    /** Median milliseconds of forward and of forward + backward. */
    private static double[] seg4jTimes(Case c, int reps) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(0);
            NDArray x = manager.randomNormal(new Shape(1, c.cin(), c.h(), c.w()));
            NDArray w = manager.randomNormal(new Shape(c.cin(), c.cout(), c.k(), c.k())).mul(0.05);
            NDArray b = c.bias() ? manager.randomNormal(new Shape(c.cout())) : null;
            Shape s = new Shape(c.s(), c.s());
            Shape p = new Shape(c.p(), c.p());
            Shape a = new Shape(0, 0);
            // Borrowed by each run's scope, so everything a run creates is freed with it.
            NDList inputs = b == null ? new NDList(x, w) : new NDList(x, w, b);
            long fwd = Timing.medianNanos(3, reps, () -> {
                try (NDManager scope = manager.newSubManager()) {
                    scope.tempAttachAll(inputs);
                    TransposedConv2d.transposedConv2d(x, w, b, s, p, a).getFloat(0, 0, 0, 0);
                }
            });
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            if (b != null) {
                b.setRequiresGradient(true);
            }
            long fwdBwd = Timing.medianNanos(3, reps, () -> {
                try (NDManager scope = manager.newSubManager();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    scope.tempAttachAll(inputs);
                    gc.backward(TransposedConv2d.transposedConv2d(x, w, b, s, p, a).sum());
                    x.getGradient().getFloat(0, 0, 0, 0);
                }
            });
            return new double[] {fwd / 1e6, fwdBwd / 1e6};
        }
    }

    /** PyTorch's times per shape name, or an empty map (with a message) when python3 or torch is unavailable. */
    private static Map<String, double[]> pytorchTimes(BenchOptions options, List<Case> cases, int reps,
            PrintWriter out) {
        PythonScript script = new PythonScript(options.param("python", "/usr/bin/python3"), "transposed_conv_bench.py");
        List<String> arguments = new ArrayList<>(List.of(String.valueOf(options.threads()), String.valueOf(reps)));
        cases.forEach(c -> arguments.add(c.spec()));
        ReferenceProcess.Result result = script.run(Duration.ofMinutes(10), arguments);
        Map<String, double[]> times = new HashMap<>();
        if (!result.ok()) {
            out.printf("  PyTorch reference skipped: %s%n", result.failure());
            return times;
        }
        for (Case c : cases) {
            String[] f = result.fields(c.name());
            if (f != null && f.length == 2) {
                times.put(c.name(), new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
            }
        }
        out.printf("  PyTorch reference: %s, torch.nn.ConvTranspose2d, torch.set_num_threads(%d)%n", script.python(),
                options.threads());
        return times;
    }
}

package org.seg4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.PrintWriter;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.seg4j.BadInputException;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.ImageOps;
import org.seg4j.image.RgbImage;
import org.seg4j.nn.localize.ConvolutionalLocalizer;
import org.seg4j.nn.localize.Localizer;
import org.seg4j.nn.localize.LocalizerModel;
import org.seg4j.nn.model.LocalizerNet;

/**
 * {@code seg4j bench localize}: OverFeat's one-pass convolutional evaluation ({@link ConvolutionalLocalizer}) against
 * cropping every window at the same stride (16) and scales and classifying each crop with the fully connected
 * network ({@link LocalizerNet#forward}, crops copied into batches of {@code -P batch}), timed in the same run over all
 * scales and aspects of one image; prints the medians, their ratio, the window count and the largest difference of
 * the two outputs (logits and box targets). Parameters: {@code -P model=FILE} (default the bundled CamVid car
 * localizer), {@code -P image=FILE} (default a bundled CamVid val image), {@code -P scales=...} and
 * {@code -P aspects=...} (default the model's), {@code -P batch=64}.
 */
public final class LocalizeBench implements Benchmark {
    @Override
    public String name() {
        return "localize";
    }

    @Override
    public String description() {
        return "localizer: one convolutional pass per scale vs classifying every cropped window, same scores, ms";
    }

    @Override
    public void run(BenchOptions options, PrintWriter out) {
        EngineThreads.request(options.threads());
        Path modelFile = RepositoryFiles.param(options, "model", "models/camvid-car-localizer.seg4j");
        Path imageFile = RepositoryFiles.param(options, "image", "demo/camvid/val/0016E5_07959.png");
        int batch = BenchParams.positive(options, "batch", 64);
        try (NDManager manager = NDManager.newBaseManager(); LocalizerModel model = LocalizerModel.open(modelFile,
                manager)) {
            Localizer.Options trained = model.trainedOptions();
            double[] scales = doubles(options.param("scales", null), trained.scales());
            double[] aspects = doubles(options.param("aspects", null), trained.aspects());
            RgbImage image = ImageFiles.readRgb(imageFile);
            List<NDArray> inputs = new ArrayList<>();
            for (double s : scales) {
                for (double a : aspects) {
                    int w = (int) Math.round(image.width() * s / Math.sqrt(a));
                    int h = (int) Math.round(image.height() * s * Math.sqrt(a));
                    if (w >= LocalizerNet.WINDOW && h >= LocalizerNet.WINDOW) {
                        RgbImage resized = ImageOps.resizeBilinear(image, w, h);
                        inputs.add(manager.create(FloatBuffer.wrap(model.card().normalization().toChw(resized)),
                                new Shape(1, 3, h, w)));
                    }
                }
            }
            int windows = inputs.stream().mapToInt(x -> ConvolutionalLocalizer.positions(x.getShape().get(2))
                    * ConvolutionalLocalizer.positions(x.getShape().get(3))).sum();
            out.printf(Locale.ROOT, "localize: %s, %dx%d, scales %s, aspects %s: %d inputs, %d windows of %d px at "
                    + "stride %d; %d threads, median of %d after 2 warm-up runs%n", imageFile.getFileName(),
                    image.width(), image.height(), Arrays.toString(scales), Arrays.toString(aspects), inputs.size(),
                    windows, LocalizerNet.WINDOW, LocalizerNet.STRIDE, options.threads(), options.repetitions());
            out.flush();
            ConvolutionalLocalizer conv = model.convolutional();
            LocalizerNet net = model.net();
            double diff = 0;
            try (NDManager scope = manager.newSubManager()) {
                for (NDArray x : inputs) {
                    scope.tempAttachAll(new NDList(x));
                    NDList dense = conv.forward(x);
                    NDList crops = perWindow(net, x, batch, scope);
                    diff = Math.max(diff, maxDiff(dense.get(0), crops.get(0)));
                    diff = Math.max(diff, maxDiff(dense.get(1), crops.get(1)));
                }
            }
            long convolutional = Timing.medianNanos(2, options.repetitions(), () -> {
                try (NDManager scope = manager.newSubManager()) {
                    for (NDArray x : inputs) {
                        scope.tempAttachAll(new NDList(x));
                        NDList dense = conv.forward(x);
                        dense.get(0).toFloatArray();
                        dense.get(1).toFloatArray();
                    }
                }
            });
            long cropped = Timing.medianNanos(2, options.repetitions(), () -> {
                try (NDManager scope = manager.newSubManager()) {
                    for (NDArray x : inputs) {
                        scope.tempAttachAll(new NDList(x));
                        NDList crops = perWindow(net, x, batch, scope);
                        crops.get(0).toFloatArray();
                        crops.get(1).toFloatArray();
                    }
                }
            });
            out.printf(Locale.ROOT, "  one convolutional pass per scale: %9.1f ms%n", convolutional / 1e6);
            out.printf(Locale.ROOT, "  every window cropped (batch %d): %9.1f ms%n", batch, cropped / 1e6);
            out.printf(Locale.ROOT, "  speed-up: %.1fx (target >= 10x); largest output difference %.2e%n",
                    (double) cropped / convolutional, diff);
            out.flush();
        }
    }

    /**
     * The FC network on every window, outputs laid out as the convolutional ones: [1, K, rows, cols]. The windows are
     * copied out of the input's pixels into batches of {@code batch} crops on the Java side (slicing views of the
     * engine's array holds on to far more memory).
     */
    static NDList perWindow(LocalizerNet net, NDArray input, int batch, NDManager scope) {
        int height = Math.toIntExact(input.getShape().get(2));
        int width = Math.toIntExact(input.getShape().get(3));
        int rows = ConvolutionalLocalizer.positions(height);
        int cols = ConvolutionalLocalizer.positions(width);
        int side = LocalizerNet.WINDOW;
        float[] pixels = input.toFloatArray();
        ParameterStore store = new ParameterStore(scope, false);
        List<NDArray> logits = new ArrayList<>();
        List<NDArray> boxes = new ArrayList<>();
        int total = rows * cols;
        for (int first = 0; first < total; first += batch) {
            int n = Math.min(batch, total - first);
            float[] crops = new float[n * 3 * side * side];
            for (int k = 0; k < n; k++) {
                int y0 = LocalizerNet.STRIDE * ((first + k) / cols);
                int x0 = LocalizerNet.STRIDE * ((first + k) % cols);
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < side; y++) {
                        System.arraycopy(pixels, (c * height + y0 + y) * width + x0, crops,
                                ((k * 3 + c) * side + y) * side, side);
                    }
                }
            }
            // each batch's intermediate arrays are freed with its own scope; only the outputs move out
            try (NDManager batchScope = scope.newSubManager()) {
                NDList out = net.forward(store, new NDList(batchScope.create(FloatBuffer.wrap(crops),
                        new Shape(n, 3, side, side))), false);
                out.attach(scope);
                logits.add(out.get(0));
                boxes.add(out.get(1));
            }
        }
        return new NDList(layout(NDArrays.concat(new NDList(logits), 0), rows, cols),
                layout(NDArrays.concat(new NDList(boxes), 0), rows, cols));
    }

    private static NDArray layout(NDArray perWindow, int rows, int cols) {
        return perWindow.transpose(1, 0).reshape(1, -1, rows, cols);
    }

    private static double maxDiff(NDArray a, NDArray b) {
        if (!a.getShape().equals(b.getShape())) {
            throw new IllegalStateException("shapes differ: " + a.getShape() + " vs " + b.getShape());
        }
        return a.sub(b).abs().max().getFloat();
    }

    private static double[] doubles(String text, double[] fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Arrays.stream(text.split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new BadInputException(null, "expected numbers separated by commas, got '" + text + "'");
        }
    }
}

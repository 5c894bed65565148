package org.seg4j.nn.layer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BilinearResizeTest {

    @ParameterizedTest
    @ValueSource(strings = {"up_size", "down_size", "mixed_size", "up_scale_x8", "up_scale_2_5", "down_scale_half",
        "to_one"})
    void matchesPyTorchInterpolateAndItsGradient(String name) {
        for (String convention : new String[] {"_half", "_align"}) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDList f = Fixtures.load(m, "bilinear", name + convention);
                double[] p = f.get("params").toDoubleArray();
                boolean align = p[2] == 1;
                NDArray x = f.get("x");
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = p[3] > 0 ? BilinearResize.resizeByScale(x, p[3], p[4], align)
                            : BilinearResize.resize(x, (long) p[0], (long) p[1], align);
                    Fixtures.assertClose(y, f.get("y"), 1e-5);
                    gc.backward(y.mul(f.get("r")).sum());
                }
                Fixtures.assertClose(x.getGradient(), f.get("gx"), 1e-5);
            }
        }
    }

    /** The textbook per-pixel formula, in double, for both conventions, against the engine paths. */
    @ParameterizedTest
    @CsvSource({"4, 5, 9, 3, false", "4, 5, 9, 3, true", "6, 2, 3, 7, false", "6, 2, 3, 7, true", "1, 3, 4, 1, true"})
    void matchesThePerPixelFormula(int h, int w, int oh, int ow, boolean align) {
        Random rnd = new Random(h * 7 + w);
        double[] x = new double[h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        double[] expected = new double[oh * ow];
        for (int j = 0; j < oh; j++) {
            double sy = source(j, h, oh, align);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, h - 1);
            for (int i = 0; i < ow; i++) {
                double sx = source(i, w, ow, align);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, w - 1);
                double ly = sy - y0;
                double lx = sx - x0;
                expected[j * ow + i] = (1 - ly) * ((1 - lx) * x[y0 * w + x0] + lx * x[y0 * w + x1])
                        + ly * ((1 - lx) * x[y1 * w + x0] + lx * x[y1 * w + x1]);
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray in = m.create(x, new Shape(1, 1, h, w)).toType(DataType.FLOAT32, false);
            Fixtures.assertClose(BilinearResize.resize(in, oh, ow, align).toType(DataType.FLOAT64, false)
                    .toDoubleArray(), expected, 1e-5);
        }
    }

    private static double source(int j, int in, int out, boolean align) {
        if (align) {
            return out > 1 ? j * (in - 1.0) / (out - 1) : 0;
        }
        return Math.max(0, (j + 0.5) * in / out - 0.5);
    }

    @ParameterizedTest
    @CsvSource({"3, 4, 7, 5, true", "3, 4, 7, 5, false", "5, 5, 2, 3, true"})
    void gradientsMatchFiniteDifferences(int h, int w, int oh, int ow, boolean align) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(h + ow);
            GradCheck.check(m, in -> BilinearResize.resize(in.get(0), oh, ow, align),
                    new NDList(m.randomNormal(new Shape(1, 2, h, w))), 1e-6, 1e-6);
        }
    }
}

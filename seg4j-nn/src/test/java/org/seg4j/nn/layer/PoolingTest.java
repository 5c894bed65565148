package org.seg4j.nn.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class PoolingTest {

    /** Naive max pooling over one plane: first maximum in row-major window order wins, as PyTorch's CPU kernel. */
    private static void naivePool(double[] x, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int oh,
            int ow, double[] values, long[] indices, int base, int outBase) {
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                double best = Double.NEGATIVE_INFINITY;
                long at = -1;
                for (int dy = 0; dy < kh; dy++) {
                    for (int dx = 0; dx < kw; dx++) {
                        int y = oy * sh - ph + dy;
                        int xx = ox * sw - pw + dx;
                        if (y >= 0 && y < h && xx >= 0 && xx < w && (at < 0 || x[base + y * w + xx] > best)) {
                            best = x[base + y * w + xx];
                            at = (long) y * w + xx;
                        }
                    }
                }
                values[outBase + oy * ow + ox] = best;
                indices[outBase + oy * ow + ox] = at;
            }
        }
    }

    // kh, kw, sh, sw, ph, pw, ceil, H, W, levels (0 = continuous values, else that many distinct values: ties)
    @ParameterizedTest
    @CsvSource({
        "2, 2, 2, 2, 0, 0, false, 6, 8, 0", "2, 2, 2, 2, 0, 0, false, 7, 9, 3", "2, 2, 2, 2, 0, 0, true, 7, 9, 0",
        "3, 3, 2, 2, 1, 1, false, 7, 8, 0", "3, 3, 2, 2, 1, 1, true, 8, 8, 2", "3, 3, 2, 2, 0, 0, true, 8, 9, 0",
        "3, 3, 1, 1, 1, 1, false, 5, 6, 4", "3, 2, 1, 2, 1, 0, false, 5, 7, 0", "4, 4, 4, 4, 0, 0, true, 9, 10, 0",
        "5, 3, 3, 2, 2, 1, true, 11, 8, 0", "1, 1, 2, 2, 0, 0, false, 5, 5, 0",
    })
    void matchesTheNaiveLoop(int kh, int kw, int sh, int sw, int ph, int pw, boolean ceil, int h, int w, int levels) {
        Random rnd = new Random(kh * 31 + h);
        int planes = 2 * 3;
        double[] x = new double[planes * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = levels == 0 ? rnd.nextGaussian() : rnd.nextInt(levels);
        }
        int oh = (int) MaxPool2dIndices.outputSize(h, kh, sh, ph, ceil);
        int ow = (int) MaxPool2dIndices.outputSize(w, kw, sw, pw, ceil);
        double[] values = new double[planes * oh * ow];
        long[] indices = new long[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            naivePool(x, h, w, kh, kw, sh, sw, ph, pw, oh, ow, values, indices, p * h * w, p * oh * ow);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray in = m.create(x, new Shape(2, 3, h, w)).toType(DataType.FLOAT32, false);
            NDList out = MaxPool2dIndices.maxPool2d(in, new Shape(kh, kw), new Shape(sh, sw), new Shape(ph, pw), ceil);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 3, oh, ow));
            Fixtures.assertClose(out.get(0).toType(DataType.FLOAT64, false).toDoubleArray(), values, 1e-6);
            assertThat(out.get(1).toLongArray()).containsExactly(indices);
            // Unpooling the pooled values: the naive scatter into a zero plane.
            double[] unpooled = new double[planes * h * w];
            for (int p = 0; p < planes; p++) {
                for (int i = 0; i < oh * ow; i++) {
                    unpooled[p * h * w + (int) indices[p * oh * ow + i]] = values[p * oh * ow + i];
                }
            }
            NDArray u = Unpooling.maxUnpool2d(out.get(0), out.get(1), h, w);
            Fixtures.assertClose(u.toType(DataType.FLOAT64, false).toDoubleArray(), unpooled, 1e-6);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k2_s2", "k2_s2_odd_floor", "k2_s2_odd_ceil", "k3_s2_p1", "k3_s2_ceil", "k3_s1_p1",
        "k3x2_s1x2_p1x0"})
    void matchesPyTorchMaxPoolWithIndicesAndMaxUnpool(String name) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList f = Fixtures.load(m, "pooling", name);
            long[] p = f.get("params").toLongArray();
            NDArray x = f.get("x");
            x.setRequiresGradient(true);
            NDList out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = MaxPool2dIndices.maxPool2d(x, new Shape(p[0], p[1]), new Shape(p[2], p[3]),
                        new Shape(p[4], p[5]), p[6] == 1);
                gc.backward(out.get(0).mul(f.get("r")).sum());
            }
            Fixtures.assertClose(out.get(0), f.get("y"), 0);
            assertThat(out.get(1).toLongArray()).containsExactly(f.get("idx").toLongArray());
            Fixtures.assertClose(x.getGradient(), f.get("gx"), 1e-6);
            Fixtures.assertClose(Unpooling.maxUnpool2d(f.get("y"), f.get("idx"), x.getShape().get(2),
                    x.getShape().get(3)), f.get("u"), 0);
        }
    }

    @ParameterizedTest
    @CsvSource({"2, 2, 0, false, 4, 6", "3, 2, 1, false, 5, 5", "3, 2, 0, true, 6, 7"})
    void gradientsMatchFiniteDifferences(int k, int s, int p, boolean ceil, int h, int w) {
        try (NDManager m = NDManager.newBaseManager()) {
            // Distinct values at least 1/(h w) apart, so a step of 1e-6 never changes the argmax.
            NDArray x = m.randomPermutation(2L * h * w).toType(DataType.FLOAT64, false).div(h * w)
                    .reshape(1, 2, h, w);
            GradCheck.check(m, in -> MaxPool2dIndices.maxPool2d(in.get(0), new Shape(k, k), new Shape(s, s),
                    new Shape(p, p), ceil).get(0), new NDList(x), 1e-6, 1e-6);
            NDList pooled = MaxPool2dIndices.maxPool2d(x, new Shape(k, k), new Shape(s, s), new Shape(p, p), ceil);
            NDArray idx = pooled.get(1);
            if (k <= s) {
                // Overlapping windows can share an argmax; unpooling then writes one of the duplicates, and its
                // gradient (PyTorch's too: a gather) reaches every duplicate, which finite differences do not see.
                GradCheck.check(m, in -> Unpooling.maxUnpool2d(in.get(0), idx, h, w), new NDList(pooled.get(0)),
                        1e-6, 1e-6);
            }
            GradCheck.check(m, in -> Unpooling.nearest(in.get(0), 2, 3), new NDList(pooled.get(0)), 1e-6, 1e-6);
        }
    }

    @ParameterizedTest
    @CsvSource({"2, 2", "2, 3", "1, 4"})
    void nearestUnpoolingCopiesEachValueOverItsBlock(int sh, int sw) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(2f * 3 * 4).reshape(1, 2, 3, 4);
            NDArray u = Unpooling.nearest(x, sh, sw);
            assertThat(u.getShape()).isEqualTo(new Shape(1, 2, 3 * sh, 4 * sw));
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 3 * sh; y++) {
                    for (int xx = 0; xx < 4 * sw; xx++) {
                        assertThat(u.getFloat(0, c, y, xx)).isEqualTo(x.getFloat(0, c, y / sh, xx / sw));
                    }
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new MaxPool2dIndices(new Shape(2, 2), new Shape(2, 2), new Shape(2, 0), false))
                .hasMessageContaining("padding");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray v = m.ones(new Shape(1, 1, 2, 2));
            NDArray idx = m.create(new long[] {0, 1, 2, 9}, new Shape(1, 1, 2, 2));
            assertThatThrownBy(() -> Unpooling.maxUnpool2d(v, idx, 3, 3)).hasMessageContaining("outside");
        }
        assertThat(new MaxPool2dIndices(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), true)
                .getOutputShapes(new Shape[] {new Shape(1, 4, 7, 9)})[1]).isEqualTo(new Shape(1, 4, 4, 5));
    }
}

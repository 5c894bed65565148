package org.seg4j.nn.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransposedConv2dTest {

    /** The definition: every input pixel scatters its kernel-weighted copy into the output (float64 loops). */
    static double[] naive(double[] x, double[] w, double[] b, int n, int cin, int h, int wd, int cout, int kh, int kw,
            int sh, int sw, int ph, int pw, int oh, int ow) {
        double[] y = new double[n * cout * oh * ow];
        for (int img = 0; img < n; img++) {
            for (int co = 0; co < cout; co++) {
                for (int i = 0; i < oh * ow; i++) {
                    y[(img * cout + co) * oh * ow + i] = b == null ? 0 : b[co];
                }
            }
            for (int ci = 0; ci < cin; ci++) {
                for (int iy = 0; iy < h; iy++) {
                    for (int ix = 0; ix < wd; ix++) {
                        double v = x[((img * cin + ci) * h + iy) * wd + ix];
                        for (int co = 0; co < cout; co++) {
                            for (int ky = 0; ky < kh; ky++) {
                                int oy = iy * sh - ph + ky;
                                if (oy < 0 || oy >= oh) {
                                    continue;
                                }
                                for (int kx = 0; kx < kw; kx++) {
                                    int ox = ix * sw - pw + kx;
                                    if (ox >= 0 && ox < ow) {
                                        y[((img * cout + co) * oh + oy) * ow + ox] +=
                                                v * w[((ci * cout + co) * kh + ky) * kw + kx];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    private static double[] random(Random rnd, int size) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) {
            a[i] = rnd.nextGaussian();
        }
        return a;
    }

    private static float[] floats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    private static double[] doubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    // columns: cin, cout, kh, kw, sh, sw, ph, pw, ah, aw, H, W. Includes k not divisible by s (3/2, 5/3, 7/4, 3/2x2)
    // and the asymmetric a = (i + 2p - k) mod s cases of a strided convolution's input sizes.
    @ParameterizedTest
    @CsvSource({
        "3, 2, 4, 4, 2, 2, 1, 1, 0, 0, 5, 6",
        "2, 3, 3, 3, 2, 2, 1, 1, 1, 1, 4, 4",
        "2, 2, 3, 3, 2, 2, 0, 0, 1, 0, 3, 4",
        "2, 2, 5, 5, 3, 3, 2, 2, 2, 1, 3, 3",
        "1, 2, 7, 7, 4, 4, 3, 3, 3, 2, 2, 3",
        "2, 2, 16, 16, 8, 8, 4, 4, 0, 0, 2, 3",
        "3, 2, 2, 2, 2, 2, 0, 0, 0, 0, 4, 3",
        "2, 3, 3, 2, 2, 1, 1, 0, 1, 0, 4, 5",
        "2, 1, 3, 3, 1, 1, 0, 0, 0, 0, 2, 2",
        "1, 1, 4, 4, 2, 2, 3, 3, 1, 0, 4, 5",
        "2, 2, 1, 1, 3, 3, 0, 0, 2, 2, 3, 2",
    })
    void matchesTheNaiveScatterLoop(int cin, int cout, int kh, int kw, int sh, int sw, int ph, int pw, int ah, int aw,
            int h, int wd) {
        Random rnd = new Random(cin * 1000 + kh * 100 + sh * 10 + ph);
        int n = 2;
        double[] x = random(rnd, n * cin * h * wd);
        double[] w = random(rnd, cin * cout * kh * kw);
        double[] b = random(rnd, cout);
        int oh = sh * (h - 1) + ah + kh - 2 * ph;
        int ow = sw * (wd - 1) + aw + kw - 2 * pw;
        double[] expected = naive(x, w, b, n, cin, h, wd, cout, kh, kw, sh, sw, ph, pw, oh, ow);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray y = TransposedConv2d.transposedConv2d(m.create(floats(x), new Shape(n, cin, h, wd)),
                    m.create(floats(w), new Shape(cin, cout, kh, kw)), m.create(floats(b)), new Shape(sh, sw),
                    new Shape(ph, pw), new Shape(ah, aw));
            assertThat(y.getShape()).isEqualTo(new Shape(n, cout, oh, ow));
            Fixtures.assertClose(doubles(y), expected, 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fcn_k4_s2_p1", "k3_s2_p1_a1", "k5_s3_p2_a2", "k7_s3_p4_a1", "k16_s8_p4", "unet_k2_s2",
        "rect_k3x2_s2x1_p1x0_a1x0", "k3_s1_p0"})
    void matchesPyTorchConvTranspose2dAndItsGradients(String name) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList f = Fixtures.load(m, "transposed_conv", name);
            long[] p = f.get("params").toLongArray();
            NDArray x = f.get("x");
            NDArray w = f.get("weight");
            NDArray b = f.get("bias");
            for (NDArray a : new NDArray[] {x, w, b}) {
                a.setRequiresGradient(true);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = TransposedConv2d.transposedConv2d(x, w, b, new Shape(p[2], p[3]), new Shape(p[4], p[5]),
                        new Shape(p[6], p[7]));
                Fixtures.assertClose(y, f.get("y"), 1e-4);
                gc.backward(y.mul(f.get("r")).sum());
            }
            Fixtures.assertClose(x.getGradient(), f.get("gx"), 1e-4);
            Fixtures.assertClose(w.getGradient(), f.get("gw"), 1e-4);
            Fixtures.assertClose(b.getGradient(), f.get("gb"), 1e-4);
        }
    }

    /**
     * Dumoulin &amp; Visin, "A guide to convolution arithmetic for deep learning", section 4.1: a convolution is a
     * matrix C (columns = the convolution of unit inputs), and the transposed convolution with the same kernel is
     * C^T (rows of C = the transposed convolution of unit outputs). First their 4x4 input, 3x3 kernel, stride 1, no
     * padding -> 2x2 example; then a strided, padded one whose input sizes need output padding (6 x 5 input, stride
     * 2, padding 1 -> 3 x 3, and back with a = (i + 2p - k) mod s = (1, 0)).
     */
    @ParameterizedTest
    @CsvSource({"4, 4, 1, 1, 0, 0, 0, 0", "6, 5, 2, 2, 1, 1, 1, 0"})
    void isTheTransposeOfTheConvolutionMatrix(int h, int w, int sh, int sw, int ph, int pw, int ah, int aw) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray kernel = m.create(floats(random(new Random(4), 9)), new Shape(1, 1, 3, 3))
                    .toType(DataType.FLOAT64, false);
            int oh = (h + 2 * ph - 3) / sh + 1;
            int ow = (w + 2 * pw - 3) / sw + 1;
            double[][] c = new double[oh * ow][h * w];
            for (int j = 0; j < h * w; j++) {
                double[] unit = new double[h * w];
                unit[j] = 1;
                double[] col = Conv2d.conv2d(m.create(unit, new Shape(1, 1, h, w)), kernel, null, new Shape(sh, sw),
                        new Shape(ph, pw)).singletonOrThrow().toDoubleArray();
                for (int i = 0; i < col.length; i++) {
                    c[i][j] = col[i];
                }
            }
            for (int i = 0; i < oh * ow; i++) {
                double[] unit = new double[oh * ow];
                unit[i] = 1;
                NDArray t = TransposedConv2d.transposedConv2d(m.create(unit, new Shape(1, 1, oh, ow)), kernel, null,
                        new Shape(sh, sw), new Shape(ph, pw), new Shape(ah, aw));
                assertThat(t.getShape()).isEqualTo(new Shape(1, 1, h, w));
                Fixtures.assertClose(t.toDoubleArray(), c[i], 1e-12);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"3, 3, 2, 1, 1, 2, 3", "2, 2, 3, 1, 2, 2, 2", "4, 4, 2, 1, 0, 3, 2", "2, 3, 1, 0, 0, 2, 3"})
    void gradientsMatchFiniteDifferences(int kh, int kw, int s, int p, int a, int h, int w) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(kh * 10 + s);
            NDList inputs = new NDList(m.randomNormal(new Shape(1, 2, h, w)), m.randomNormal(new Shape(2, 2, kh, kw)),
                    m.randomNormal(new Shape(2)));
            GradCheck.check(m, in -> TransposedConv2d.transposedConv2d(in.get(0), in.get(1), in.get(2),
                    new Shape(s, s), new Shape(p, p), new Shape(a, a)), inputs, 1e-6, 1e-6);
        }
    }

    @Test
    void blockHasPyTorchParametersAndComputesTheFunction() {
        TransposedConv2d block = TransposedConv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4)
                .optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).optOutputPadding(new Shape(1, 1)).build();
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, new Shape(1, 3, 5, 6));
            assertThat(block.getParameters().keys()).containsExactly("weight", "bias");
            assertThat(block.getParameters().get("weight").getArray().getShape()).isEqualTo(new Shape(3, 4, 3, 3));
            assertThat(block.getOutputShapes(new Shape[] {new Shape(1, 3, 5, 6)})[0])
                    .isEqualTo(new Shape(1, 4, 10, 12));
            NDArray x = m.randomNormal(new Shape(1, 3, 5, 6));
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            NDArray expected = TransposedConv2d.transposedConv2d(x, block.getParameters().get("weight").getArray(),
                    block.getParameters().get("bias").getArray(), new Shape(2, 2), new Shape(1, 1), new Shape(1, 1));
            Fixtures.assertClose(y, expected, 0);
        }
        assertThatThrownBy(() -> TransposedConv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(1)
                .optStride(new Shape(2, 2)).optOutputPadding(new Shape(2, 0)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output padding");
    }

    /**
     * Issue 13: every forward pass left its rearranged kernels in the parameters' manager (0.9 MB per pass of the
     * CamVid U-Net, so `predict` grew without bound). With kernel 3 and stride 2 the kernel is padded first and the
     * bias reshaped: all of it must go with the caller's scope.
     */
    @Test
    void aForwardPassLeavesNothingWithTheParameters() {
        TransposedConv2d block = TransposedConv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4)
                .optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).build();
        try (NDManager base = NDManager.newBaseManager(); NDManager weights = base.newSubManager()) {
            block.initialize(weights, DataType.FLOAT32, new Shape(1, 3, 5, 6));
            int parameters = weights.getManagedArrays().size();
            for (int pass = 0; pass < 3; pass++) {
                try (NDManager scope = base.newSubManager()) {
                    NDArray x = scope.randomNormal(new Shape(1, 3, 5, 6));
                    block.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
                }
            }
            assertThat(weights.getManagedArrays()).hasSize(parameters);
        }
    }

    /**
     * FCN's upsample_filt(4) is the outer product of [0.25, 0.75, 0.75, 0.25] (factor 2, centre 1.5), on the channel
     * diagonal only; upsample_filt(3) of [0.5, 1, 0.5]. Frozen, the weight takes no gradient. With k = 4, s = 2, p = 1
     * the layer interpolates linearly: a ramp input gives the ramp at the half-pixel positions inside the image.
     */
    @Test
    void bilinearInitialiserIsFcnsUpsampleFilterAndInterpolates() {
        assertThat(BilinearKernelInitializer.profile(4)).containsExactly(0.25, 0.75, 0.75, 0.25);
        assertThat(BilinearKernelInitializer.profile(3)).containsExactly(0.5, 1, 0.5);
        TransposedConv2d block = TransposedConv2d.builder().setKernelShape(new Shape(4, 4)).setFilters(2)
                .optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).optBias(false).optBilinearInit(true).build();
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, new Shape(1, 2, 4, 4));
            Parameter weight = block.getParameters().get("weight");
            assertThat(weight.requiresGradient()).isFalse();
            float[] w = weight.getArray().toFloatArray();
            float[] expected = new float[2 * 2 * 16];
            double[] f = {0.25, 0.75, 0.75, 0.25};
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < 16; i++) {
                    expected[(c * 2 + c) * 16 + i] = (float) (f[i / 4] * f[i % 4]);
                }
            }
            assertThat(w).containsExactly(expected);
            // x[c, y, x] = 3y + x + 10c; the output pixel (Y, X) sits at input (Y / 2 - 0.25, X / 2 - 0.25).
            float[] ramp = new float[32];
            for (int i = 0; i < 32; i++) {
                ramp[i] = 3 * ((i / 4) % 4) + i % 4 + 10 * (i / 16);
            }
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(m.create(ramp, new Shape(1, 2, 4, 4))),
                    false).singletonOrThrow();
            for (int c = 0; c < 2; c++) {
                for (int oy = 1; oy < 7; oy++) {
                    for (int ox = 1; ox < 7; ox++) {
                        double expect = 3 * (oy / 2.0 - 0.25) + (ox / 2.0 - 0.25) + 10 * c;
                        assertThat(y.getFloat(0, c, oy, ox)).isCloseTo((float) expect,
                                org.assertj.core.data.Offset.offset(1e-5f));
                    }
                }
            }
        }
    }
}

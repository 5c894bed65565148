package org.seg4j.nn.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dilated convolution, ASPP, skip fusion and FC -> convolution, each against loops written from the definitions. */
class ConvBlocksTest {

    /** y[o, y, x] = b[o] + sum w[o, c, i, j] x[c, y - p + d i, x - p + d j] (zero outside), one image, float64. */
    static double[] naiveConv(double[] x, int c, int h, int w, double[] wt, double[] b, int out, int k, int d, int p) {
        int oh = h + 2 * p - d * (k - 1);
        int ow = w + 2 * p - d * (k - 1);
        double[] y = new double[out * oh * ow];
        for (int o = 0; o < out; o++) {
            for (int yy = 0; yy < oh; yy++) {
                for (int xx = 0; xx < ow; xx++) {
                    double s = b == null ? 0 : b[o];
                    for (int ci = 0; ci < c; ci++) {
                        for (int i = 0; i < k; i++) {
                            for (int j = 0; j < k; j++) {
                                int sy = yy - p + d * i;
                                int sx = xx - p + d * j;
                                if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
                                    s += wt[((o * c + ci) * k + i) * k + j] * x[(ci * h + sy) * w + sx];
                                }
                            }
                        }
                    }
                    y[(o * oh + yy) * ow + xx] = s;
                }
            }
        }
        return y;
    }

    private static double[] d(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static NDArray run(NDManager m, Block block, NDArray x) {
        return block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
    }

    @ParameterizedTest
    @CsvSource({"3, 1", "3, 2", "3, 12", "5, 3", "1, 4"})
    void dilatedSameConvolutionKeepsTheSizeAndMatchesTheLoop(int k, int dilation) {
        try (NDManager m = NDManager.newBaseManager()) {
            Conv2d conv = DilatedConv2d.builder().setFilters(3).optKernel(k).optDilation(dilation).build();
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 2, 9, 11));
            m.getEngine().setRandomSeed(k + dilation);
            NDArray x = m.randomNormal(new Shape(1, 2, 9, 11));
            NDArray y = run(m, conv, x);
            assertThat(y.getShape()).isEqualTo(new Shape(1, 3, 9, 11));
            int p = DilatedConv2d.samePadding(k, dilation);
            Fixtures.assertClose(d(y), naiveConv(d(x), 2, 9, 11, d(conv.getParameters().get("weight").getArray()),
                    d(conv.getParameters().get("bias").getArray()), 3, k, dilation, p), 1e-5);
        }
        assertThatThrownBy(() -> DilatedConv2d.builder().setFilters(1).optKernel(4).build())
                .hasMessageContaining("odd kernel");
    }

    @Test
    void asppSumsOrConcatenatesItsAtrousBranches() {
        int[] rates = {1, 2, 3};
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(2);
            NDArray x = m.randomNormal(new Shape(1, 2, 7, 8));
            double[] xd = d(x);
            Aspp sum = Aspp.builder().setRates(rates).setBranch(Aspp.atrousClassifier(4)).build();
            sum.initialize(m, DataType.FLOAT32, x.getShape());
            assertThat(sum.getParameters().keys()).containsExactly("01c0_weight", "01c0_bias", "02c1_weight",
                    "02c1_bias", "03c2_weight", "03c2_bias");
            double[] expected = new double[4 * 7 * 8];
            for (int i = 0; i < rates.length; i++) {
                double[] branch = naiveConv(xd, 2, 7, 8, d(sum.getParameters().get(i * 2).getValue().getArray()),
                        d(sum.getParameters().get(i * 2 + 1).getValue().getArray()), 4, 3, rates[i], rates[i]);
                for (int j = 0; j < expected.length; j++) {
                    expected[j] += branch[j];
                }
            }
            Fixtures.assertClose(d(run(m, sum, x)), expected, 1e-5);

            Aspp cat = Aspp.builder().setRates(rates).setBranch(Aspp.atrousClassifier(4)).optConcat(5).build();
            cat.initialize(m, DataType.FLOAT32, x.getShape());
            assertThat(cat.getOutputShapes(new Shape[] {x.getShape()})[0]).isEqualTo(new Shape(1, 5, 7, 8));
            double[] stacked = new double[12 * 56];
            for (int i = 0; i < rates.length; i++) {
                double[] branch = naiveConv(xd, 2, 7, 8, d(cat.getParameters().get(i * 2).getValue().getArray()),
                        d(cat.getParameters().get(i * 2 + 1).getValue().getArray()), 4, 3, rates[i], rates[i]);
                System.arraycopy(branch, 0, stacked, i * 4 * 56, branch.length);
            }
            double[] projected = naiveConv(stacked, 12, 7, 8, d(cat.getParameters().get("04project_weight").getArray()),
                    d(cat.getParameters().get("04project_bias").getArray()), 5, 1, 1, 0);
            Fixtures.assertClose(d(run(m, cat, x)), projected, 1e-5);
        }
    }

    @Test
    void skipFusionCropsAtTheOffsetOrTheCentre() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray large = m.arange(2f * 10 * 12).reshape(1, 2, 10, 12);
            NDArray small = m.ones(new Shape(1, 2, 4, 5));
            NDArray fused = SkipFusion.cropSum(large, small, 5);
            // large[c, y, x] = c * 120 + y * 12 + x: the crop at (5, 5) starts at 65 in channel 0, 185 in channel 1.
            assertThat(fused.getFloat(0, 0, 0, 0)).isEqualTo(66f);
            assertThat(fused.getFloat(0, 1, 3, 4)).isEqualTo(120 + 8 * 12 + 9 + 1f);
            NDArray cat = SkipFusion.concatCenterCropped(large, small);
            assertThat(cat.getShape()).isEqualTo(new Shape(1, 4, 4, 5));
            // centre crop of 10 x 12 to 4 x 5: offsets (3, 3)
            assertThat(cat.get(new NDIndex("0, 0")).toFloatArray()[0]).isEqualTo(3 * 12 + 3f);
            assertThat(cat.get(new NDIndex("0, 2:")).toFloatArray()).containsOnly(1f);
            assertThatThrownBy(() -> SkipFusion.cropSum(large, small, 7)).hasMessageContaining("leaves");
        }
    }

    @ParameterizedTest
    @CsvSource({"3, 2, 2, 4, 5", "4, 3, 1, 1, 3", "2, 1, 3, 3, 3"})
    void fullyConnectedLayerBecomesTheEquivalentConvolution(int out, int c, int k, int h, int w) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(out + k);
            NDArray weight = m.randomNormal(new Shape(out, c * k * k));
            NDArray bias = m.randomNormal(new Shape(out));
            Conv2d conv = FcToConv.toConv2d(m, weight, bias, c, k, k);
            NDArray x = m.randomNormal(new Shape(1, c, h, w));
            NDArray y = run(m, conv, x);
            assertThat(y.getShape()).isEqualTo(new Shape(1, out, h - k + 1, w - k + 1));
            for (int yy = 0; yy <= h - k; yy++) {
                for (int xx = 0; xx <= w - k; xx++) {
                    NDArray window = x.get(new NDIndex(":, :, {}:{}, {}:{}", yy, yy + k, xx, xx + k)).reshape(1, -1);
                    NDArray linear = Linear.linear(window, weight, bias).singletonOrThrow();
                    Fixtures.assertClose(y.get(new NDIndex(":, :, {}, {}", yy, xx)), linear, 1e-5);
                }
            }
        }
        assertThatThrownBy(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                FcToConv.convWeight(m.zeros(new Shape(3, 10)), 2, 2, 2);
            }
        }).hasMessageContaining("Linear weight");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(9);
            NDArray large = m.randomNormal(new Shape(1, 2, 7, 8));
            NDArray small = m.randomNormal(new Shape(1, 2, 3, 4));
            GradCheck.check(m, in -> SkipFusion.cropSum(in.get(0), in.get(1), 2), new NDList(large, small), 1e-6, 1e-6);
            GradCheck.check(m, in -> SkipFusion.concatCenterCropped(in.get(0), in.get(1)), new NDList(large, small),
                    1e-6, 1e-6);
            // the dilated "same" convolution DilatedConv2d builds (3x3, dilation 2, padding 2), input and weight
            GradCheck.check(m, in -> Conv2d.conv2d(in.get(0), in.get(1), null, new Shape(1, 1), new Shape(2, 2),
                    new Shape(2, 2)).singletonOrThrow(), new NDList(large, m.randomNormal(new Shape(2, 2, 3, 3))),
                    1e-6, 1e-6);
        }
    }
}

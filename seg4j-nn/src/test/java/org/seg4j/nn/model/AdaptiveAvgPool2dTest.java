package org.seg4j.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Adaptive average pooling against a naive loop over PyTorch's bin rule, and its gradient against the bin counts. */
class AdaptiveAvgPool2dTest {
    @Test
    void handWorkedBinsOfFiveIntoThree() {
        // n = 5, m = 3: bins [0,2), [1,4), [3,5) - they overlap at 1 and 3.
        float[] a = AdaptiveAvgPool2d.averaging(5, 3);
        assertThat(a).containsExactly(0.5f, 0.5f, 0, 0, 0, 0, 1f / 3, 1f / 3, 1f / 3, 0, 0, 0, 0, 0.5f, 0.5f);
    }

    @Test
    void matchesNaiveLoopDownAndUp() {
        check(2, 3, 10, 9, 3, 2);
        check(1, 2, 2, 3, 7, 7);
        check(1, 1, 5, 5, 1, 1);
    }

    private static void check(int n, int c, int h, int w, int oh, int ow) {
        Random random = new Random(h * 31 + w);
        float[] x = new float[n * c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            AdaptiveAvgPool2d pool = new AdaptiveAvgPool2d(oh, ow);
            pool.initialize(m, DataType.FLOAT32, new Shape(n, c, h, w));
            NDArray out = pool.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(n, c, h, w))), false)
                    .singletonOrThrow();
            assertThat(out.getShape()).isEqualTo(new Shape(n, c, oh, ow));
            float[] y = out.toFloatArray();
            for (int b = 0; b < n * c; b++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int y0 = i * h / oh;
                        int y1 = ((i + 1) * h + oh - 1) / oh;
                        int x0 = j * w / ow;
                        int x1 = ((j + 1) * w + ow - 1) / ow;
                        double sum = 0;
                        for (int yy = y0; yy < y1; yy++) {
                            for (int xx = x0; xx < x1; xx++) {
                                sum += x[(b * h + yy) * w + xx];
                            }
                        }
                        assertThat(y[(b * oh + i) * ow + j]).isCloseTo((float) (sum / ((y1 - y0) * (x1 - x0))), within(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void gradientOfTheSumCountsHowOftenEachCellIsAveraged() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(1, 1, 1, 5));
            x.setRequiresGradient(true);
            AdaptiveAvgPool2d pool = new AdaptiveAvgPool2d(1, 3);
            pool.initialize(m, DataType.FLOAT32, x.getShape());
            try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray y = pool.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                gc.backward(y.sum());
            }
            // bins [0,2), [1,4), [3,5): d sum / d x_k = sum over bins containing k of 1 / bin size
            assertThat(x.getGradient().toFloatArray()).usingComparatorWithPrecision(1e-6f)
                    .containsExactly(0.5f, 0.5f + 1f / 3, 1f / 3, 1f / 3 + 0.5f, 0.5f);
        }
    }
}

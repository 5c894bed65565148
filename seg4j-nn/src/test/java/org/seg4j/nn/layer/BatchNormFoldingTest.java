package org.seg4j.nn.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class BatchNormFoldingTest {
    private static BatchNorm trainedNorm(NDManager m, float[] gamma, float[] beta, float[] mean, float[] var) {
        BatchNorm norm = BatchNorm.builder().optEpsilon(1e-3f).build();
        norm.initialize(m, DataType.FLOAT32, new Shape(1, gamma.length, 1, 1));
        norm.getParameters().get("gamma").getArray().set(gamma);
        norm.getParameters().get("beta").getArray().set(beta);
        norm.getParameters().get("runningMean").getArray().set(mean);
        norm.getParameters().get("runningVar").getArray().set(var);
        return norm;
    }

    @Test
    void oneByOneConvolutionFoldsAsWorkedByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // channel 0: s = 2 / sqrt(3.999 + 0.001) = 1; channel 1: s = -3 / sqrt(0.249 + 0.001) = -6
            BatchNorm norm = trainedNorm(m, new float[] {2, -3}, new float[] {0.5f, 1}, new float[] {1, -2},
                    new float[] {3.999f, 0.249f});
            NDArray weight = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2, 1, 1));
            NDArray bias = m.create(new float[] {10, 20});
            BatchNormFolding.Folded f = BatchNormFolding.fold(weight, bias, norm, 1e-3f);
            assertThat(f.weight().getShape()).isEqualTo(new Shape(2, 2, 1, 1));
            float[] w = f.weight().toFloatArray();
            float[] b = f.bias().toFloatArray();
            // W' = W s; b' = (b - mean) s + beta
            float[] wantW = {1, 2, -18, -24};
            float[] wantB = {(10 - 1) * 1 + 0.5f, (20 + 2) * -6 + 1};
            for (int i = 0; i < 4; i++) {
                assertThat(w[i]).isCloseTo(wantW[i], within(1e-4f));
            }
            assertThat(b[0]).isCloseTo(wantB[0], within(1e-4f));
            assertThat(b[1]).isCloseTo(wantB[1], within(1e-4f));
            // without a bias the convolution's bias is 0
            float[] noBias = BatchNormFolding.fold(weight, null, norm, 1e-3f).bias().toFloatArray();
            assertThat(noBias[0]).isCloseTo(-1 + 0.5f, within(1e-5f));
            assertThat(noBias[1]).isCloseTo(2 * -6 + 1, within(1e-4f));
        }
    }

    @Test
    void foldedConvolutionEqualsConvolutionThenBatchNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            Conv2d conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(5).optBias(false).build();
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 4, 9, 9));
            BatchNorm norm = trainedNorm(m, m.randomNormal(new Shape(5)).toFloatArray(),
                    m.randomNormal(new Shape(5)).toFloatArray(), m.randomNormal(new Shape(5)).toFloatArray(),
                    m.randomUniform(0.1f, 2f, new Shape(5)).toFloatArray());
            NDArray x = m.randomNormal(new Shape(2, 4, 9, 9));
            ParameterStore store = new ParameterStore(m, false);
            NDArray unfolded = norm.forward(store, conv.forward(store, new NDList(x), false), false)
                    .singletonOrThrow();
            BatchNormFolding.Folded f = BatchNormFolding.fold(conv.getParameters().get("weight").getArray(), null,
                    norm, 1e-3f);
            NDArray folded = Conv2d.conv2d(x, f.weight(), f.bias()).singletonOrThrow();
            assertThat(folded.sub(unfolded).abs().max().getFloat()).isLessThan(1e-4f);
        }
    }
}

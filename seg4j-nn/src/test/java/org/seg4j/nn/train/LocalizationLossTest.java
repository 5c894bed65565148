package org.seg4j.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.seg4j.nn.localize.WindowSampler;

/** The loss against a hand computation. */
class LocalizationLossTest {
    @Test
    void crossEntropyPlusSmoothL1OverPositivesOnly() {
        // window 0: background; window 1: class 1 with box targets (0, 0, 0, 0)
        WindowSampler.Windows w = new WindowSampler.Windows(2, new float[0], new int[] {0, 1},
                new float[] {9, 9, 9, 9, 0, 0, 0, 0}, new float[] {0, 0, 0, 0, 1, 1, 1, 1});
        float[] logits = {2, 0, 0, 1};
        float[] boxes = {5, 5, 5, 5, 0.5f, -2, 0, 1};
        double ce0 = -(2 - Math.log(Math.exp(2) + Math.exp(0)));
        double ce1 = -(1 - Math.log(Math.exp(0) + Math.exp(1)));
        double smooth = 0.5 * 0.25 + (2 - 0.5) + 0 + 0.5;
        double mse = 0.5 * (0.25 + 4 + 0 + 1);
        try (NDManager m = NDManager.newBaseManager()) {
            LocalizationLoss smoothLoss = new LocalizationLoss(null, 1, LocalizationLoss.BoxLoss.SMOOTH_L1, 1, 2);
            float got = smoothLoss.of(m.create(logits, new Shape(2, 2)), m.create(boxes, new Shape(2, 4)), w, m)
                    .getFloat();
            assertThat((double) got).isCloseTo((ce0 + ce1) / 2 + 2 * smooth, within(1e-5));
            LocalizationLoss mseLoss = new LocalizationLoss(null, 1, LocalizationLoss.BoxLoss.MSE, 0.5, 1);
            got = mseLoss.of(m.create(logits, new Shape(2, 2)), m.create(boxes, new Shape(2, 4)), w, m).getFloat();
            assertThat((double) got).isCloseTo(0.5 * (ce0 + ce1) / 2 + mse, within(1e-5));
        }
    }
}

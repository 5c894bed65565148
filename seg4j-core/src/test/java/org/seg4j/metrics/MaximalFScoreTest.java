package org.seg4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seg4j.image.LabelMap;

class MaximalFScoreTest {
    @Test
    void handComputedThresholdsAndTheIgnoredPixel() {
        // labels (class 1 positive, 255 ignored) and P(class 1) in plane 1 of two planes
        LabelMap truth = new LabelMap(3, 2, new byte[] {1, 1, 0, 1, 0, (byte) 255});
        float[] planes = new float[12];
        float[] p1 = {0.9f, 0.8f, 0.2f, 0.7f, 0.25f, 0.99f};
        System.arraycopy(p1, 0, planes, 6, 6);
        MaximalFScore f = new MaximalFScore(1, 255, new double[] {0, 0.3, 0.5, 0.75});
        f.accumulate(truth, planes);
        // t = 0: TP 3, FP 2 -> F 0.75; t = 0.3 and 0.5: TP 3, FP 0 -> F 1; t = 0.75: TP 2 -> F 0.8.
        // Counting the ignored pixel (0.99, negative) would give F 6/7 at t = 0.3.
        MaximalFScore.Best best = f.best();
        assertThat(best.threshold()).isEqualTo(0.3);
        assertThat(best.fScore()).isEqualTo(1.0);
        assertThat(best.precision()).isEqualTo(1.0);
        assertThat(best.recall()).isEqualTo(1.0);

        MaximalFScore high = new MaximalFScore(1, 255, new double[] {0.75});
        high.accumulate(truth, planes);
        high.accumulate(truth, planes);
        // twice the same image: TP 4 of 6 positives, no FP: P 1, R 2/3, F 0.8
        assertThat(high.best().fScore()).isCloseTo(0.8, within(1e-12));
        assertThat(high.best().recall()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void atOneHalfOnTwoClassesItIsTheDiceOfTheArgmax() {
        Random rnd = new Random(4);
        int w = 37;
        int h = 23;
        byte[] labels = new byte[w * h];
        float[] planes = new float[2 * w * h];
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < w * h; i++) {
            labels[i] = (byte) (rnd.nextDouble() < 0.7 ? 1 : 0);
            float p = rnd.nextFloat();
            planes[i] = 1 - p;
            planes[w * h + i] = p;
            boolean predicted = p > 1 - p;
            if (predicted && labels[i] == 1) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (labels[i] == 1) {
                fn++;
            }
        }
        MaximalFScore f = new MaximalFScore(1, 255, new double[] {0.5});
        f.accumulate(new LabelMap(w, h, labels), planes);
        assertThat(f.best().fScore()).isCloseTo(2.0 * tp / (2.0 * tp + fp + fn), within(1e-12));
        // more thresholds can only do as well or better
        MaximalFScore fine = MaximalFScore.percentSteps(1, 255);
        fine.accumulate(new LabelMap(w, h, labels), planes);
        assertThat(fine.best().fScore()).isGreaterThanOrEqualTo(f.best().fScore());
    }

    @Test
    void thresholdsMustAscendWithinTheUnitInterval() {
        assertThatThrownBy(() -> new MaximalFScore(1, 255, new double[] {0.5, 0.2}))
                .hasMessageContaining("ascend");
        assertThatThrownBy(() -> new MaximalFScore(1, 255, new double[] {1.5})).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new MaximalFScore(1, 255, new double[] {0.5})
                .accumulate(LabelMap.filled(2, 2, 0), new float[4])).hasMessageContaining("no plane for class 1");
    }
}

package org.seg4j.crf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The softmax's fast exponential against {@link Math#exp}. */
class MeanFieldExpTest {
    @Test
    void relativeErrorBelowOnePartIn100000() {
        double worst = 0;
        for (int i = 0; i <= 870_000; i++) {
            float x = -i * 1e-4f;
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(MeanField.expNonPositive(x) - exact) / exact);
        }
        assertThat(worst).isLessThan(1e-5);
        assertThat(MeanField.expNonPositive(0f)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(MeanField.expNonPositive(-100f)).isZero();
    }
}

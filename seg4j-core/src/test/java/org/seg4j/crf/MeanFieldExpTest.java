package org.seg4j.crf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The softmax's vectorisable exponential against {@link Math#exp}. */
class MeanFieldExpTest {
    @Test
    void relativeErrorBelowTwoPartsInTenBillion() {
        double worst = 0;
        for (int i = 0; i <= 7_000_000; i++) {
            double x = -i * 1e-4;
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(MeanField.exp(x) - exact) / exact);
        }
        assertThat(worst).isLessThan(2e-10);
        assertThat(MeanField.exp(0)).isEqualTo(1.0);
    }

    @Test
    void underflowsAFloatBelowTheClamp() {
        assertThat((float) MeanField.exp(-750)).isZero();
        assertThat((float) MeanField.exp(-1e30)).isZero();
        assertThat(MeanField.exp(Double.NEGATIVE_INFINITY)).isGreaterThanOrEqualTo(0.0);
    }
}

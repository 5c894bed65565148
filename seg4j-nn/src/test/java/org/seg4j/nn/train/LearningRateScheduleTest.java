package org.seg4j.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    @Test
    void polyDecaysAsDeepLab() {
        LearningRateSchedule s = LearningRateSchedule.poly(0.01, 100, 0.9);
        assertThat(s.at(0)).isEqualTo(0.01);
        assertThat(s.at(50)).isCloseTo(0.01 * Math.pow(0.5, 0.9), within(1e-15)); // 0.005359...
        assertThat(s.at(100)).isZero();
        assertThat(s.at(150)).isZero();
    }

    @Test
    void linearWarmupRisesFromTheRatio() {
        LearningRateSchedule s = new LearningRateSchedule("constant", 0.1, 100, 0, 0, 0, 0, 10, 0.1);
        assertThat(s.at(0)).isCloseTo(0.01, within(1e-15));
        assertThat(s.at(5)).isCloseTo(0.1 * (1 - 0.5 * 0.9), within(1e-15)); // 0.055
        assertThat(s.at(10)).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void stepAndCosine() {
        LearningRateSchedule step = new LearningRateSchedule("step", 1, 100, 0, 30, 0.1, 0, 0, 1);
        assertThat(step.at(29)).isEqualTo(1.0);
        assertThat(step.at(30)).isCloseTo(0.1, within(1e-15));
        assertThat(step.at(65)).isCloseTo(0.01, within(1e-15));
        LearningRateSchedule cos = new LearningRateSchedule("cosine", 1, 100, 0, 0, 0, 0.1, 0, 1);
        assertThat(cos.at(0)).isEqualTo(1.0);
        assertThat(cos.at(50)).isCloseTo(0.55, within(1e-15));
        assertThat(cos.at(100)).isCloseTo(0.1, within(1e-15));
        assertThatThrownBy(() -> new LearningRateSchedule("linear", 1, 1, 0, 0, 0, 0, 0, 1))
                .hasMessageContaining("schedule must be poly, step, cosine or constant");
    }
}

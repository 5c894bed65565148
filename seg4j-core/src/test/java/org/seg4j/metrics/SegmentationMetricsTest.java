package org.seg4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.seg4j.metrics.ConfusionMatrixTest.bytes;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seg4j.label.BuiltinLabelSpecs;

class SegmentationMetricsTest {
    private static final double EPS = 1e-15;

    /**
     * {@link ConfusionMatrixTest#handCase()}: t = (2, 3, 3), column sums (2, 3, 2), diagonal (1, 2, 2), 8 pixels.
     * pixel acc = 5/8; acc = (1/2, 2/3, 2/3), mean 11/18; IoU = 1/(2+2-1), 2/(3+3-2), 2/(3+2-2) = (1/3, 1/2, 2/3),
     * mean 1/2; fw IoU = (2/3 + 3/2 + 3*2/3) / 8 = 25/48; Dice = 2/4, 4/6, 4/5.
     */
    @Test
    void handCase() {
        SegmentationMetrics m = SegmentationMetrics.of(ConfusionMatrixTest.handCase(), List.of("a", "b", "c"));
        assertThat(m.pixelAccuracy()).isCloseTo(5.0 / 8, within(EPS));
        assertThat(m.accuracy(0)).isCloseTo(1.0 / 2, within(EPS));
        assertThat(m.accuracy(1)).isCloseTo(2.0 / 3, within(EPS));
        assertThat(m.accuracy(2)).isCloseTo(2.0 / 3, within(EPS));
        assertThat(m.meanAccuracy()).isCloseTo(11.0 / 18, within(EPS));
        assertThat(m.iou(0)).isCloseTo(1.0 / 3, within(EPS));
        assertThat(m.iou(1)).isCloseTo(1.0 / 2, within(EPS));
        assertThat(m.iou(2)).isCloseTo(2.0 / 3, within(EPS));
        assertThat(m.meanIoU()).isCloseTo(0.5, within(EPS));
        assertThat(m.frequencyWeightedIoU()).isCloseTo(25.0 / 48, within(EPS));
        assertThat(m.dice(0)).isCloseTo(0.5, within(EPS));
        assertThat(m.dice(1)).isCloseTo(2.0 / 3, within(EPS));
        assertThat(m.dice(2)).isCloseTo(0.8, within(EPS));
        assertThat(m.pixels()).isEqualTo(8);
        assertThat(m.absentClasses()).isEmpty();
    }

    @Test
    void allRightIsOneEverywhereAndAbsentClassesAreNaN() {
        ConfusionMatrix cm = new ConfusionMatrix(4, 255);
        cm.accumulate(bytes(0, 0, 1, 2, 2, 2, 255), bytes(0, 0, 1, 2, 2, 2, 3));
        SegmentationMetrics m = SegmentationMetrics.of(cm, List.of("a", "b", "c", "d"));
        for (int c = 0; c < 3; c++) {
            assertThat(m.iou(c)).isEqualTo(1.0);
            assertThat(m.accuracy(c)).isEqualTo(1.0);
            assertThat(m.dice(c)).isEqualTo(1.0);
        }
        assertThat(m.pixelAccuracy()).isEqualTo(1.0);
        assertThat(m.meanAccuracy()).isEqualTo(1.0);
        assertThat(m.meanIoU()).isEqualTo(1.0);
        assertThat(m.frequencyWeightedIoU()).isEqualTo(1.0);
        // class d: only under an ignored pixel, so absent from both
        assertThat(m.isAbsent(3)).isTrue();
        assertThat(m.iou(3)).isNaN();
        assertThat(m.accuracy(3)).isNaN();
        assertThat(m.dice(3)).isNaN();
        assertThat(m.absentClasses()).containsExactly("d");
    }

    @Test
    void allWrongIsZero() {
        ConfusionMatrix cm = new ConfusionMatrix(2, 255);
        cm.accumulate(bytes(0, 0, 1, 1, 1), bytes(1, 1, 0, 0, 0));
        SegmentationMetrics m = SegmentationMetrics.of(cm, List.of("a", "b"));
        assertThat(m.pixelAccuracy()).isZero();
        assertThat(m.meanAccuracy()).isZero();
        assertThat(m.meanIoU()).isZero();
        assertThat(m.frequencyWeightedIoU()).isZero();
        assertThat(m.iou(0)).isZero();
        assertThat(m.dice(1)).isZero();
    }

    @Test
    void ignoredPixelsChangeNothing() {
        ConfusionMatrix with = new ConfusionMatrix(3, 11);
        with.accumulate(bytes(0, 11, 1, 11, 2, 1), bytes(0, 2, 1, 0, 1, 1));
        ConfusionMatrix without = new ConfusionMatrix(3, 11);
        without.accumulate(bytes(0, 1, 2, 1), bytes(0, 1, 1, 1));
        SegmentationMetrics a = SegmentationMetrics.of(with, List.of("a", "b", "c"));
        SegmentationMetrics b = SegmentationMetrics.of(without, List.of("a", "b", "c"));
        assertThat(a.pixels()).isEqualTo(4);
        assertThat(a.meanIoU()).isEqualTo(b.meanIoU());
        assertThat(a.pixelAccuracy()).isEqualTo(0.75);
        // c: t=1, never predicted, so IoU 0; b: t=2, predicted 3 times, right twice: IoU 2/3
        assertThat(a.meanIoU()).isCloseTo((1 + 2.0 / 3 + 0) / 3, within(EPS));
    }

    @Test
    void classAbsentFromBothIsLeftOutOfEveryMean() {
        ConfusionMatrix cm = new ConfusionMatrix(3, 255);
        // class 1 appears nowhere; a: t=3, 2 right; c: t=1, right, plus one false positive from a
        cm.accumulate(bytes(0, 0, 0, 2), bytes(0, 0, 2, 2));
        SegmentationMetrics m = SegmentationMetrics.of(cm, List.of("a", "b", "c"));
        assertThat(m.absentClasses()).containsExactly("b");
        assertThat(m.meanIoU()).isCloseTo((2.0 / 3 + 1.0 / 2) / 2, within(EPS));
        assertThat(m.meanAccuracy()).isCloseTo((2.0 / 3 + 1) / 2, within(EPS));
        assertThat(m.frequencyWeightedIoU()).isCloseTo((3 * 2.0 / 3 + 1 * 1.0 / 2) / 4, within(EPS));
    }

    @Test
    void classOnlyPredictedHasNaNAccuracyButZeroIoUThatCountsInTheMean() {
        ConfusionMatrix cm = new ConfusionMatrix(2, 255);
        // b is never in the ground truth but predicted once
        cm.accumulate(bytes(0, 0, 0, 0), bytes(0, 0, 0, 1));
        SegmentationMetrics m = SegmentationMetrics.of(cm, List.of("a", "b"));
        assertThat(m.accuracy(1)).isNaN();
        assertThat(m.iou(1)).isZero();
        assertThat(m.dice(1)).isZero();
        assertThat(m.isAbsent(1)).isFalse();
        assertThat(m.meanAccuracy()).isCloseTo(0.75, within(EPS));
        assertThat(m.meanIoU()).isCloseTo((0.75 + 0) / 2, within(EPS));
        // weighted by ground truth: b weighs nothing
        assertThat(m.frequencyWeightedIoU()).isCloseTo(0.75, within(EPS));
    }

    @Test
    void predictedIgnoreValueIsAMissButNoFalsePositive() {
        ConfusionMatrix cm = new ConfusionMatrix(2, 255);
        cm.accumulate(bytes(0, 0, 1, 1), bytes(0, 255, 1, 1));
        SegmentationMetrics m = SegmentationMetrics.of(cm, List.of("a", "b"));
        assertThat(m.accuracy(0)).isEqualTo(0.5);
        assertThat(m.iou(0)).isEqualTo(0.5);
        assertThat(m.iou(1)).isEqualTo(1.0);
        assertThat(m.pixelAccuracy()).isEqualTo(0.75);
        assertThat(m.unassignedPixels(0)).isEqualTo(1);
    }

    @Test
    void emptyMatrixGivesNaN() {
        SegmentationMetrics m = SegmentationMetrics.of(new ConfusionMatrix(2, 255), List.of("a", "b"));
        assertThat(m.pixelAccuracy()).isNaN();
        assertThat(m.meanAccuracy()).isNaN();
        assertThat(m.meanIoU()).isNaN();
        assertThat(m.frequencyWeightedIoU()).isNaN();
        assertThat(m.absentClasses()).containsExactly("a", "b");
    }

    @Test
    void namesComeFromTheLabelSpecWhichMustAgree() {
        ConfusionMatrix cm = new ConfusionMatrix(11, 11);
        assertThat(SegmentationMetrics.of(cm, BuiltinLabelSpecs.camvid()).classNames().get(10)).isEqualTo("Bicyclist");
        assertThatThrownBy(() -> SegmentationMetrics.of(new ConfusionMatrix(11, 255), BuiltinLabelSpecs.camvid()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentationMetrics.of(cm, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

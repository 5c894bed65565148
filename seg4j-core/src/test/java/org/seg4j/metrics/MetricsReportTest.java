package org.seg4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seg4j.metrics.ConfusionMatrixTest.bytes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsReportTest {
    /** The hand case of {@link SegmentationMetricsTest#handCase()} plus a fourth class that is absent. */
    private static MetricsReport report() {
        ConfusionMatrix cm = new ConfusionMatrix(4, 255);
        cm.accumulate(bytes(0, 0, 1, 1, 1, 2, 255, 2, 2), bytes(0, 1, 1, 1, 0, 2, 0, 2, 255));
        return new MetricsReport(SegmentationMetrics.of(cm, List.of("Sky", "Road", "Car", "Bicyclist")));
    }

    @Test
    void jsonHoldsTheScoresWithNaNAsNull() {
        ObjectNode json = report().toJson();
        assertThat(json.get("pixelAccuracy").asDouble()).isEqualTo(5.0 / 8);
        assertThat(json.get("meanAccuracy").asDouble()).isEqualTo((1.0 / 2 + 2.0 / 3 + 2.0 / 3) / 3);
        assertThat(json.get("mIoU").asDouble()).isEqualTo((1.0 / 3 + 1.0 / 2 + 2.0 / 3) / 3);
        assertThat(json.get("fwIoU").asDouble()).isEqualTo((2 * (1.0 / 3) + 3 * (1.0 / 2) + 3 * (2.0 / 3)) / 8);
        assertThat(json.get("pixels").asLong()).isEqualTo(8);
        assertThat(json.get("unassigned").asLong()).isEqualTo(1);
        assertThat(json.get("absentClasses").toString()).isEqualTo("[\"Bicyclist\"]");
        ObjectNode car = (ObjectNode) json.get("perClass").get("Car");
        assertThat(car.get("iou").asDouble()).isEqualTo(2.0 / 3);
        assertThat(car.get("accuracy").asDouble()).isEqualTo(2.0 / 3);
        assertThat(car.get("dice").asDouble()).isEqualTo(0.8);
        assertThat(car.get("pixels").asLong()).isEqualTo(3);
        assertThat(car.get("unassigned").asLong()).isEqualTo(1);
        ObjectNode bicyclist = (ObjectNode) json.get("perClass").get("Bicyclist");
        assertThat(bicyclist.get("iou").isNull()).isTrue();
        assertThat(bicyclist.get("accuracy").isNull()).isTrue();
        assertThat(bicyclist.get("dice").isNull()).isTrue();
        assertThat(bicyclist.get("pixels").asLong()).isZero();
        assertThat(json.get("perClass").size()).isEqualTo(4);
    }

    @Test
    void textTableListsClassesSummaryAndAbsentClasses() {
        String text = report().toText();
        assertThat(text.lines()).contains(
                "class        IoU %    acc %   Dice %    gt pixels",
                "Sky          33.33    50.00    50.00            2",
                "Car          66.67    66.67    80.00            3",
                "Bicyclist      NaN      NaN      NaN            0",
                "pixel accuracy   62.50 %",
                "mean accuracy    61.11 %",
                "mean IoU         50.00 %",
                "fw IoU           52.08 %",
                "pixels counted   8",
                "unassigned       1 (predicted as no class: misses of their class, false positives of none)",
                "absent (NaN, not in the means): Bicyclist");
    }

    @Test
    void textNamesClassesThatWereOnlyPredicted() {
        ConfusionMatrix cm = new ConfusionMatrix(2, 255);
        cm.accumulate(bytes(0, 0), bytes(0, 1));
        String text = new MetricsReport(SegmentationMetrics.of(cm, List.of("a", "b"))).toText();
        assertThat(text).contains("only predicted (accuracy NaN, not in the mean accuracy; IoU 0 in the mean IoU): b")
                .doesNotContain("absent");
    }
}

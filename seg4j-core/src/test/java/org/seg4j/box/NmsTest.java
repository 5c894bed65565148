package org.seg4j.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NmsTest {
    private static ScoredBox box(double x1, double y1, double x2, double y2, int cls, double score) {
        return new ScoredBox(new Box(x1, y1, x2, y2), cls, score);
    }

    @Test
    void handCase() {
        // a-b: intersection 8x10 = 80, union 120 -> IoU 0.667 (suppressed at 0.5)
        // a-c: intersection 5x10 = 50, union 150 -> IoU 0.333 (kept at 0.5)
        ScoredBox a = box(0, 0, 10, 10, 0, 0.9);
        ScoredBox b = box(2, 0, 12, 10, 0, 0.8);
        ScoredBox c = box(5, 0, 15, 10, 0, 0.7);
        ScoredBox other = box(1, 0, 11, 10, 1, 0.6);
        assertThat(Nms.perClass(List.of(c, other, b, a), 0.5)).containsExactly(a, c, other);
        // class-agnostic: a (0.9) also suppresses the class-1 box (IoU 90/110 = 0.82)
        assertThat(Nms.classAgnostic(List.of(c, other, b, a), 0.5)).containsExactly(a, c);
        // threshold 0.3: c's IoU 0.333 > 0.3, suppressed too
        assertThat(Nms.perClass(List.of(a, b, c), 0.3)).containsExactly(a);
    }

    @Test
    void iouEqualToTheThresholdIsKept() {
        ScoredBox a = box(0, 0, 10, 10, 0, 0.9);
        ScoredBox b = box(0, 0, 10, 5, 0, 0.8); // IoU exactly 0.5
        assertThat(Nms.perClass(List.of(a, b), 0.5)).containsExactly(a, b);
    }

    @Test
    void matchesNaiveReferenceOnRandomBoxes() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            List<ScoredBox> boxes = RandomBoxes.clustered(rnd, 1 + rnd.nextInt(60), 3);
            double t = rnd.nextDouble();
            assertThat(Nms.perClass(boxes, t)).containsExactlyElementsOf(naive(boxes, t, true));
            assertThat(Nms.classAgnostic(boxes, t)).containsExactlyElementsOf(naive(boxes, t, false));
        }
    }

    /** Keep a box when no already kept box (of its class) overlaps it by more than t, visiting boxes by score. */
    private static List<ScoredBox> naive(List<ScoredBox> boxes, double t, boolean perClass) {
        List<ScoredBox> order = new ArrayList<>(boxes);
        order.sort(Comparator.comparing(ScoredBox::score, Comparator.reverseOrder()));
        List<ScoredBox> kept = new ArrayList<>();
        for (ScoredBox b : order) {
            boolean free = kept.stream()
                    .noneMatch(k -> (!perClass || k.classId() == b.classId()) && k.box().iou(b.box()) > t);
            if (free) {
                kept.add(b);
            }
        }
        return kept;
    }

    @Test
    void rejectsThresholdOutsideZeroOne() {
        assertThatThrownBy(() -> Nms.perClass(List.of(), 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1]");
    }
}

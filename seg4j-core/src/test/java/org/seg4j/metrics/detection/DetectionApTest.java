package org.seg4j.metrics.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.box.ScoredBox;

class DetectionApTest {
    private static ObjectBox gt(double x1, double y1, double x2, double y2, boolean difficult) {
        return new ObjectBox(new Box(x1, y1, x2, y2), 0, difficult);
    }

    private static ScoredBox det(double x1, double y1, double x2, double y2, double score) {
        return new ScoredBox(new Box(x1, y1, x2, y2), 0, score);
    }

    /**
     * Image A: G1 (0,0,10,10), G2 (20,0,30,10); image B: G3 (0,0,10,10). Five detections by score:
     * <pre>
     * d1 0.9 A on G1 exactly            TP  P 1/1 R 1/3
     * d2 0.8 A (1,0,11,10), IoU 90/110   FP (G1 taken: duplicate)  P 1/2 R 1/3
     * d3 0.7 B (50,50,60,60), no overlap FP  P 1/3 R 1/3
     * d4 0.6 B on G3                     TP  P 2/4 R 2/3
     * d5 0.5 A on G2                     TP  P 3/5 R 1
     * </pre>
     * Precision monotone from the right: 1, .6, .6, .6, .6. Recall steps of 1/3 at d1 (p 1), d4 (p .6), d5 (p .6):
     * AP = 1/3 * 1 + 1/3 * 0.6 + 1/3 * 0.6 = 0.73333.
     */
    private static List<ImageDetections> handCase() {
        ImageDetections a = new ImageDetections(List.of(gt(0, 0, 10, 10, false), gt(20, 0, 30, 10, false)),
                List.of(det(0, 0, 10, 10, 0.9), det(1, 0, 11, 10, 0.8), det(20, 0, 30, 10, 0.5)));
        ImageDetections b = new ImageDetections(List.of(gt(0, 0, 10, 10, false)),
                List.of(det(50, 50, 60, 60, 0.7), det(0, 0, 10, 10, 0.6)));
        return List.of(a, b);
    }

    @Test
    void handCaseWithDuplicateAndFalsePositive() {
        ClassAp ap = DetectionAp.of(handCase(), 0, 0.5);
        assertThat(ap.ap()).isCloseTo(1.0 / 3 + 0.2 + 0.2, within(1e-15));
        assertThat(ap.positives()).isEqualTo(3);
        assertThat(ap.detections()).isEqualTo(5);
        assertThat(ap.truePositives()).isEqualTo(3);
    }

    @Test
    void difficultObjectsAreNeitherCountedNorPenalised() {
        List<ImageDetections> base = handCase();
        // image B gains a difficult object, found by the top detection (ignored) and half-hit by another:
        // (70,70,80,80) vs (70,75,80,85): IoU 50/150 < 0.5 -> an ordinary false positive, at score 0.1 (last),
        // which adds no recall and so leaves AP as it was
        ImageDetections b = new ImageDetections(
                List.of(gt(0, 0, 10, 10, false), gt(70, 70, 80, 80, true)),
                List.of(det(50, 50, 60, 60, 0.7), det(0, 0, 10, 10, 0.6), det(70, 70, 80, 80, 0.95),
                        det(70, 75, 80, 85, 0.1)));
        ClassAp ap = DetectionAp.of(List.of(base.get(0), b), 0, 0.5);
        assertThat(ap.ap()).isCloseTo(0.73333333333333, within(1e-12));
        assertThat(ap.positives()).isEqualTo(3);
        assertThat(ap.detections()).isEqualTo(6);
    }

    @Test
    void allRightIsOneAllWrongIsZero() {
        ImageDetections right = new ImageDetections(List.of(gt(0, 0, 10, 10, false), gt(20, 0, 30, 10, false)),
                List.of(det(0, 0, 10, 10, 0.3), det(20, 0, 30, 10, 0.2)));
        assertThat(DetectionAp.of(List.of(right), 0, 0.5).ap()).isEqualTo(1.0);
        ImageDetections wrong = new ImageDetections(List.of(gt(0, 0, 10, 10, false)),
                List.of(det(0, 0, 10, 4.9, 0.9), det(40, 40, 50, 50, 0.8)));
        assertThat(DetectionAp.of(List.of(wrong), 0, 0.5).ap()).isEqualTo(0.0);
        // no detections at all: recall never rises
        assertThat(DetectionAp.of(List.of(new ImageDetections(right.truth(), List.of())), 0, 0.5).ap())
                .isEqualTo(0.0);
    }

    @Test
    void duplicatesAfterAllObjectsAreFoundDoNotLowerAp() {
        // both objects found first, then two duplicates: precision at recall 1 is 1 -> AP 1
        ImageDetections img = new ImageDetections(List.of(gt(0, 0, 10, 10, false), gt(20, 0, 30, 10, false)),
                List.of(det(0, 0, 10, 10, 0.9), det(20, 0, 30, 10, 0.8), det(0, 0, 10, 10, 0.7),
                        det(21, 0, 30, 10, 0.6)));
        ClassAp ap = DetectionAp.of(List.of(img), 0, 0.5);
        assertThat(ap.ap()).isEqualTo(1.0);
        assertThat(ap.truePositives()).isEqualTo(2);
        assertThat(ap.detections()).isEqualTo(4);
        // a duplicate ranked between them: P 1, 1/2, 2/3 at R 1/2, 1/2, 1 -> AP = 1/2 * 1 + 1/2 * 2/3 = 5/6
        ImageDetections mid = new ImageDetections(img.truth(),
                List.of(det(0, 0, 10, 10, 0.9), det(0, 0, 10, 10, 0.8), det(20, 0, 30, 10, 0.7)));
        assertThat(DetectionAp.of(List.of(mid), 0, 0.5).ap()).isCloseTo(5.0 / 6, within(1e-15));
    }

    @Test
    void bestOverlapTakenMeansFalsePositiveEvenIfAnotherObjectOverlaps() {
        // VOC matches only the object of highest IoU: d2's best is G1 (taken), although G2 overlaps it by 0.6
        ImageDetections img = new ImageDetections(List.of(gt(0, 0, 10, 10, false), gt(3, 0, 13, 10, false)),
                List.of(det(0, 0, 10, 10, 0.9), det(1, 0, 11, 10, 0.8)));
        // d2 vs G1: 90/110 = 0.818, vs G2: 80/120 = 0.667 -> FP; P 1, 1/2 at R 1/2, 1/2 -> AP 0.5
        assertThat(DetectionAp.of(List.of(img), 0, 0.5).ap()).isEqualTo(0.5);
    }

    @Test
    void classWithoutPositivesHasNanApAndIsLeftOutOfTheMean() {
        List<ImageDetections> images = handCase();
        MeanAp mean = DetectionAp.mean(images, List.of(0, 1), 0.5);
        assertThat(mean.perClass().get(1).ap()).isNaN();
        assertThat(mean.map()).isCloseTo(0.73333333333333, within(1e-12));
    }
}

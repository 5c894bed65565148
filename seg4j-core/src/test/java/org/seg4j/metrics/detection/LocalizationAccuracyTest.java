package org.seg4j.metrics.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.box.ScoredBox;

class LocalizationAccuracyTest {
    private static final int CAR = 8;
    private static final int PEDESTRIAN = 9;
    private static final ObjectBox TRUTH = new ObjectBox(new Box(0, 0, 10, 10), CAR, false);

    /**
     * 1: car at IoU 81/100 -> correct. 2: top is a pedestrian on the car, second a car on it -> wrong at top-1,
     * correct at top-5. 3: car with IoU 40/100 -> wrong. 4: car at IoU exactly 50/100 -> correct. 5: no ground truth
     * -> not evaluated. Top-1 2/4, top-5 3/4.
     */
    private static final List<ImageDetections> IMAGES = List.of(
            new ImageDetections(List.of(TRUTH), List.of(new ScoredBox(new Box(1, 1, 10, 10), CAR, 0.9),
                    new ScoredBox(new Box(50, 50, 60, 60), CAR, 0.1))),
            new ImageDetections(List.of(TRUTH), List.of(new ScoredBox(new Box(0, 0, 10, 10), CAR, 0.4),
                    new ScoredBox(new Box(0, 0, 10, 10), PEDESTRIAN, 0.8))),
            new ImageDetections(List.of(TRUTH), List.of(new ScoredBox(new Box(0, 0, 10, 4), CAR, 0.9))),
            new ImageDetections(List.of(TRUTH), List.of(new ScoredBox(new Box(0, 0, 10, 5), CAR, 0.9))),
            new ImageDetections(List.of(), List.of(new ScoredBox(new Box(0, 0, 10, 10), CAR, 0.9))));

    @Test
    void topOneAndTopFive() {
        assertThat(LocalizationAccuracy.of(IMAGES, 1, 0.5))
                .isEqualTo(new LocalizationAccuracy.Result(2, 4, 0.5));
        assertThat(LocalizationAccuracy.of(IMAGES, 5, 0.5))
                .isEqualTo(new LocalizationAccuracy.Result(3, 4, 0.75));
    }

    @Test
    void rightBoxWrongClassIsWrong() {
        ImageDetections img = new ImageDetections(List.of(TRUTH),
                List.of(new ScoredBox(TRUTH.box(), PEDESTRIAN, 1)));
        assertThat(LocalizationAccuracy.of(List.of(img), 5, 0.5).correct()).isZero();
    }

    @Test
    void anyObjectOfTheClassCounts() {
        ObjectBox second = new ObjectBox(new Box(100, 100, 120, 120), CAR, false);
        ImageDetections img = new ImageDetections(List.of(TRUTH, second),
                List.of(new ScoredBox(new Box(101, 100, 120, 120), CAR, 1)));
        assertThat(LocalizationAccuracy.of(List.of(img), 1, 0.5).accuracy()).isEqualTo(1.0);
    }
}

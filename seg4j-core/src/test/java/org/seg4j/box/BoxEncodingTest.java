package org.seg4j.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BoxEncodingTest {
    private final Box box = new Box(10, 20, 30, 60);
    private final Box window = new Box(0, 0, 20, 40);

    @Test
    void centreLogHandCase() {
        // box centre (20, 40), size 20x40; window centre (10, 20), size 20x40
        assertThat(new BoxEncoding.CentreLog().encode(box, window)).containsExactly(0.5, 0.5, 0.0, 0.0);
        // twice the window's width, half its height, same centre
        assertThat(new BoxEncoding.CentreLog().encode(new Box(-10, 10, 30, 30), window))
                .containsExactly(new double[] {0, 0, Math.log(2), Math.log(0.5)}, within(1e-15));
    }

    @Test
    void cornerOffsetsHandCase() {
        assertThat(new BoxEncoding.CornerOffsets().encode(box, window)).containsExactly(0.5, 0.5, 0.5, 0.5);
        assertThat(new BoxEncoding.CornerOffsets().encode(window, window)).containsExactly(0.0, 0.0, 0.0, 0.0);
        assertThat(new BoxEncoding.CornerOffsets().decode(new double[] {-0.5, 0, 0, 0.25}, window))
                .isEqualTo(new Box(-10, 0, 20, 50));
    }

    @Test
    void roundTripsOnRandomBoxes() {
        Random rnd = new Random(5);
        for (BoxEncoding enc : new BoxEncoding[] {new BoxEncoding.CentreLog(), new BoxEncoding.CornerOffsets()}) {
            for (int i = 0; i < 1000; i++) {
                Box b = random(rnd);
                Box w = random(rnd);
                Box back = enc.decode(enc.encode(b, w), w);
                assertThat(new double[] {back.x1(), back.y1(), back.x2(), back.y2()})
                        .containsExactly(new double[] {b.x1(), b.y1(), b.x2(), b.y2()}, within(1e-9));
            }
        }
    }

    private static Box random(Random rnd) {
        double x = 500 * rnd.nextDouble() - 100;
        double y = 500 * rnd.nextDouble() - 100;
        return new Box(x, y, x + 1 + 300 * rnd.nextDouble(), y + 1 + 300 * rnd.nextDouble());
    }

    @Test
    void badTargets() {
        assertThatThrownBy(() -> new BoxEncoding.CentreLog().decode(new double[3], window))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 box targets");
        assertThatThrownBy(() -> new BoxEncoding.CentreLog().decode(new double[] {0, 0, Double.NaN, 0}, window))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
        // left edge moved right past the right edge
        assertThatThrownBy(() -> new BoxEncoding.CornerOffsets().decode(new double[] {1.5, 0, 0, 0}, window))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive width");
    }

    @Test
    void maxCombinationKeepsTheBest() {
        ScoredBox a = new ScoredBox(box, 0, 0.3);
        ScoredBox b = new ScoredBox(window, 1, 0.9);
        ScoredBox c = new ScoredBox(window, 0, 0.4);
        assertThat(MaxCombination.best(java.util.List.of(a, b, c))).contains(b);
        assertThat(MaxCombination.bestPerClass(java.util.List.of(a, b, c))).containsExactly(b, c);
        assertThat(MaxCombination.best(java.util.List.of())).isEmpty();
    }
}

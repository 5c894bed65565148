package org.seg4j.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuarterTurnsTest {
    /** Value of pixel (x, y) in plane c of the 3 x 2 test raster. */
    private static float value(int c, int x, int y) {
        return 100 * c + 10 * y + x;
    }

    private static float[] planes3x2() {
        float[] p = new float[2 * 6];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    p[c * 6 + y * 3 + x] = value(c, x, y);
                }
            }
        }
        return p;
    }

    @Test
    void eachTurnCountMovesPixelsAsRotatingTheGridCounterClockwise() {
        float[] p = planes3x2();
        // one turn: 2 wide, 3 high; pixel (x', y') is source (W - 1 - y', x') = (2 - y', x')
        float[] one = QuarterTurns.turnPlanes(p, 2, 3, 2, 1);
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 2; x++) {
                    assertThat(one[c * 6 + y * 2 + x]).isEqualTo(value(c, 2 - y, x));
                }
            }
        }
        // two turns: 3 wide, 2 high, the source read backwards
        float[] two = QuarterTurns.turnPlanes(p, 2, 3, 2, 2);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                assertThat(two[6 + y * 3 + x]).isEqualTo(value(1, 2 - x, 1 - y));
            }
        }
        // three turns: 2 wide, 3 high; pixel (x', y') is source (y', H - 1 - x') = (y', 1 - x')
        float[] three = QuarterTurns.turnPlanes(p, 2, 3, 2, 3);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 2; x++) {
                assertThat(three[y * 2 + x]).isEqualTo(value(0, y, 1 - x));
            }
        }
        assertThat(QuarterTurns.turnPlanes(one, 2, 2, 3, 3)).isEqualTo(p);
        assertThat(QuarterTurns.turnPlanes(p, 2, 3, 2, 4)).isEqualTo(p);
        assertThat(QuarterTurns.turnPlanes(p, 2, 3, 2, -1)).isEqualTo(three);
    }

    @Test
    void imagesAndLabelMapsTurnLikePlanes() {
        RgbImage img = RgbImage.blank(3, 2);
        LabelMap labels = LabelMap.filled(3, 2, 0);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                img.set(x, y, (int) value(0, x, y) << 8 | 5);
                labels.set(x, y, (int) value(0, x, y));
            }
        }
        float[] planes = QuarterTurns.turnPlanes(planes3x2(), 2, 3, 2, 1);
        RgbImage ti = QuarterTurns.turn(img, 1);
        LabelMap tl = QuarterTurns.turn(labels, 1);
        assertThat(ti.width()).isEqualTo(2);
        assertThat(ti.height()).isEqualTo(3);
        assertThat(tl.width()).isEqualTo(2);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 2; x++) {
                assertThat(ti.rgbAt(x, y)).isEqualTo((int) planes[y * 2 + x] << 8 | 5);
                assertThat(tl.get(x, y)).isEqualTo((int) planes[y * 2 + x]);
            }
        }
    }
}

package org.seg4j.data.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.Sample;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;

class GeometricAugmentationsTest {
    /** An image whose pixel (x, y) is (x, y, 7) and whose label at (x, y) is (x + y) % 4. */
    static Sample coordinateSample(int w, int h, List<ObjectBox> boxes) {
        RgbImage img = RgbImage.blank(w, h);
        LabelMap label = LabelMap.filled(w, h, 0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.set(x, y, x << 16 | y << 8 | 7);
                label.set(x, y, (x + y) % 4);
            }
        }
        return new Sample("s", img, label, boxes, Path.of("s.png"), Path.of("s_label.png"));
    }

    static ObjectBox box(double x1, double y1, double x2, double y2) {
        return new ObjectBox(new Box(x1, y1, x2, y2), 3, false);
    }

    @Test
    void flipMirrorsA3x2ImageItsLabelsAndBoxes() {
        Sample s = coordinateSample(3, 2, List.of(box(0, 0, 1, 2), box(0.5, 0, 2, 1)));
        Sample f = new HorizontalFlip(1.0).apply(s, new SplittableRandom(1));
        // pixel (x, y) of the result is pixel (2 - x, y) of the source
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                assertThat(f.image().rgbAt(x, y)).isEqualTo((2 - x) << 16 | y << 8 | 7);
                assertThat(f.label().get(x, y)).isEqualTo((2 - x + y) % 4);
            }
        }
        // x1' = W - x2, x2' = W - x1 with W = 3
        assertThat(f.boxes()).containsExactly(box(2, 0, 3, 2), box(1, 0, 2.5, 1));
        assertThat(new HorizontalFlip(0.0).apply(s, new SplittableRandom(1))).isSameAs(s);
    }

    @Test
    void flipHappensAboutHalfTheTimeByDefault() {
        Sample s = coordinateSample(3, 2, List.of());
        int flipped = 0;
        for (int i = 0; i < 1000; i++) {
            if (new HorizontalFlip().apply(s, new SplittableRandom(i)) != s) {
                flipped++;
            }
        }
        assertThat(flipped).isBetween(430, 570); // binomial(1000, 0.5): 4.4 standard deviations either side
    }

    @Test
    void quarterTurnRotatesA3x2ImageCounterClockwiseWithItsLabelsAndBoxes() {
        Sample s = coordinateSample(3, 2, List.of(box(0, 0, 1, 2), box(0.5, 0, 2, 1)));
        Sample t = QuarterTurn.turn(s, 1);
        assertThat(t.width()).isEqualTo(2);
        assertThat(t.height()).isEqualTo(3);
        // pixel (x', y') of the result is pixel (W - 1 - y', x') = (2 - y', x') of the source
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 2; x++) {
                assertThat(t.image().rgbAt(x, y)).isEqualTo((2 - y) << 16 | x << 8 | 7);
                assertThat(t.label().get(x, y)).isEqualTo((2 - y + x) % 4);
            }
        }
        // [x1, x2] x [y1, y2] -> [y1, y2] x [W - x2, W - x1] with W = 3
        assertThat(t.boxes()).containsExactly(box(0, 2, 2, 3), box(0, 1, 1, 2.5));
        Sample full = QuarterTurn.turn(t, 3);
        assertThat(full.image().data()).isEqualTo(s.image().data());
        assertThat(full.label().data()).isEqualTo(s.label().data());
        assertThat(full.boxes()).isEqualTo(s.boxes());
    }

    @Test
    void quarterTurnDrawsAllFourRotations() {
        Sample s = coordinateSample(3, 2, List.of());
        Set<Integer> corners = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            corners.add(new QuarterTurn().apply(s, new SplittableRandom(i)).image().rgbAt(0, 0));
        }
        // the source's four corners, each the top-left pixel after one of the four rotations
        assertThat(corners).containsExactlyInAnyOrder(0 << 16 | 0 << 8 | 7, 2 << 16 | 0 << 8 | 7,
                2 << 16 | 1 << 8 | 7, 0 << 16 | 1 << 8 | 7);
    }

    @Test
    void cropPadsImageWithFillAndLabelsWithIgnoreAndClipsBoxesToTheContent() {
        Sample s = coordinateSample(3, 2, List.of(box(1, 0, 3, 2)));
        Sample c = new RandomCrop(4, 3, 11, 0x102030, 1.0).apply(s, new SplittableRandom(5));
        assertThat(c.width()).isEqualTo(4);
        assertThat(c.height()).isEqualTo(3);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                boolean inside = x < 3 && y < 2;
                assertThat(c.image().rgbAt(x, y)).isEqualTo(inside ? x << 16 | y << 8 | 7 : 0x102030);
                assertThat(c.label().get(x, y)).isEqualTo(inside ? (x + y) % 4 : 11);
            }
        }
        assertThat(c.boxes()).containsExactly(box(1, 0, 3, 2));
    }

    @Test
    void cropWindowMatchesTheSourceAtItsOffsetAndOffsetsCoverEveryPosition() {
        Sample s = coordinateSample(10, 8, List.of(box(2, 2, 9, 7)));
        RandomCrop crop = new RandomCrop(4, 3, 255, 0, 1.0);
        Set<Integer> offsets = new HashSet<>();
        for (int seed = 0; seed < 2000; seed++) {
            Sample c = crop.apply(s, new SplittableRandom(seed));
            int ox = c.image().get(0, 0, 0);
            int oy = c.image().get(0, 0, 1);
            offsets.add(oy * 100 + ox);
            assertThat(ox).isBetween(0, 6);
            assertThat(oy).isBetween(0, 5);
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    assertThat(c.image().rgbAt(x, y)).isEqualTo((ox + x) << 16 | (oy + y) << 8 | 7);
                    assertThat(c.label().get(x, y)).isEqualTo((ox + x + oy + y) % 4);
                }
            }
            double x1 = Math.max(0, 2 - ox);
            double y1 = Math.max(0, 2 - oy);
            double x2 = Math.min(4, 9 - ox);
            double y2 = Math.min(3, 7 - oy);
            if (x2 - x1 >= 1 && y2 - y1 >= 1) {
                assertThat(c.boxes()).containsExactly(box(x1, y1, x2, y2));
            } else {
                assertThat(c.boxes()).isEmpty();
            }
        }
        assertThat(offsets).hasSize(7 * 6);
    }

    @Test
    void cropDropsBoxesBelowTheMinimumSide() {
        Sample s = coordinateSample(10, 10, List.of(box(0, 0, 2, 2), box(3.5, 3, 5.5, 6), box(7, 7, 9, 9)));
        // window [4, 8) x [4, 8): box 1 is outside, box 2 keeps 1.5 x 2, box 3 keeps 1 x 1
        Sample strict = new RandomCrop(4, 4, 255, 0, 1.5).crop(s, 4, 4);
        assertThat(strict.boxes()).containsExactly(box(0, 0, 1.5, 2));
        Sample loose = new RandomCrop(4, 4, 255, 0, 1.0).crop(s, 4, 4);
        assertThat(loose.boxes()).containsExactly(box(0, 0, 1.5, 2), box(3, 3, 4, 4));
    }

    @Test
    void scaleResizesImageAndLabelsAndScalesBoxesByTheExactFactor() {
        Sample s = coordinateSample(100, 50, List.of(box(10, 20, 30, 40)));
        Sample up = new RandomScale(2, 2).apply(s, new SplittableRandom(1));
        assertThat(up.width()).isEqualTo(200);
        assertThat(up.height()).isEqualTo(100);
        assertThat(up.boxes()).containsExactly(box(20, 40, 60, 80));
        // nearest: target pixel (x, y) takes the label of source pixel (x / 2, y / 2)
        assertThat(up.label().get(37, 81)).isEqualTo((18 + 40) % 4);

        // 101 x 51 at 0.5 rounds to 51 x 26; boxes scale by 51/101 and 26/51, not by 0.5
        Sample odd = coordinateSample(101, 51, List.of(box(10, 20, 30, 40)));
        Sample down = new RandomScale(0.5, 0.5).apply(odd, new SplittableRandom(1));
        assertThat(down.width()).isEqualTo(51);
        assertThat(down.height()).isEqualTo(26);
        Box b = down.boxes().get(0).box();
        assertThat(b.x1()).isEqualTo(10 * 51.0 / 101);
        assertThat(b.y2()).isEqualTo(40 * 26.0 / 51);
    }

    @Test
    void scaleRatiosStayInRangeAndBoxesFollowTheImage() {
        Sample s = coordinateSample(40, 30, List.of(box(4, 3, 20, 15)));
        RandomScale scale = new RandomScale();
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (int seed = 0; seed < 300; seed++) {
            Sample r = scale.apply(s, new SplittableRandom(seed));
            assertThat(r.width()).isBetween(20, 80);
            double f = r.width() / 40.0;
            lo = Math.min(lo, f);
            hi = Math.max(hi, f);
            assertThat(r.boxes().get(0).box().x2()).isCloseTo(20 * f, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(r.boxes().get(0).box().y2()).isCloseTo(15.0 * r.height() / 30, org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(lo).isLessThan(0.6);
        assertThat(hi).isGreaterThan(1.9);
    }
}

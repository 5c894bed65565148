package org.seg4j.data.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.Sample;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;

class PhotometricDistortionTest {
    private static RgbImage pixel(int rgb) {
        RgbImage img = RgbImage.blank(1, 1);
        img.set(0, 0, rgb);
        return img;
    }

    private static int hsv(int rgb, double saturation, double hue) {
        return PhotometricDistortion.hsv(pixel(rgb), saturation, hue).rgbAt(0, 0);
    }

    @Test
    void hueShiftOfKnownColoursMatchesTheHexconeFormulas() {
        // (200, 100, 50): V = 200, S = 150 / 200 = 0.75, H = 60 * (100 - 50) / 150 = 20 degrees
        // +30 -> H = 50, sector 0, f = 5/6: R = V = 200, G = V (1 - S (1 - f)) = 200 * 0.875 = 175, B = V (1 - S) = 50
        assertThat(hsv(0xC86432, 1, 30)).isEqualTo(0xC8AF32);
        // -30 -> H = 350, sector 5, f = 5/6: R = V = 200, G = V (1 - S) = 50, B = V (1 - S f) = 200 * 0.375 = 75
        assertThat(hsv(0xC86432, 1, -30)).isEqualTo(0xC8324B);
        // pure red rotated by 120 degrees is pure green, by 240 pure blue
        assertThat(hsv(0xFF0000, 1, 120)).isEqualTo(0x00FF00);
        assertThat(hsv(0xFF0000, 1, 240)).isEqualTo(0x0000FF);
        // a full turn and a zero shift give the colour back
        assertThat(hsv(0xC86432, 1, 360)).isEqualTo(0xC86432);
        assertThat(hsv(0x123456, 1, 0)).isEqualTo(0x123456);
        // grey has no hue
        assertThat(hsv(0x808080, 1.5, 90)).isEqualTo(0x808080);
    }

    @Test
    void saturationScalesSAndClipsAtOne() {
        // S 0.75 -> 0.375, H = 20: R = 200, G = V (1 - S (1 - f)) with f = 1/3 -> 150, B = V (1 - S) = 125
        assertThat(hsv(0xC86432, 0.5, 0)).isEqualTo(0xC8967D);
        // S 0.75 * 2 clips to 1: B = 0, G = V (1 - (1 - 1/3)) = 66.67 -> 67
        assertThat(hsv(0xC86432, 2, 0)).isEqualTo(0xC84300);
    }

    @Test
    void linearStepRoundsAndClips() {
        RgbImage img = new RgbImage(3, 1, new byte[] {100, (byte) 200, 3, 0, 0, 0, 0, 0, 0});
        RgbImage out = PhotometricDistortion.linear(img, 1.5, -10);
        assertThat(out.get(0, 0, 0)).isEqualTo(140);
        assertThat(out.get(0, 0, 1)).isEqualTo(255);
        assertThat(out.get(0, 0, 2)).isZero(); // 4.5 - 10 clips to 0
        assertThat(PhotometricDistortion.linear(img, 0.5, 0).get(0, 0, 2)).isEqualTo(2); // 1.5 rounds up
    }

    @Test
    void brightnessAloneShiftsByAtMostDeltaHalfTheTimeAndKeepsLabelsAndBoxes() {
        // contrast and saturation ranges [1, 1] and hue 0 leave only the brightness step
        PhotometricDistortion brightnessOnly = new PhotometricDistortion(32, 1, 1, 1, 1, 0);
        RgbImage grey = new RgbImage(2, 1, new byte[] {(byte) 128, (byte) 128, (byte) 128, 10, 10, 10});
        LabelMap label = new LabelMap(2, 1, new byte[] {4, 5});
        List<ObjectBox> boxes = List.of(new ObjectBox(new Box(0, 0, 1, 1), 4, false));
        Sample s = new Sample("g", grey, label, boxes, Path.of("g.png"), null);
        int unchanged = 0;
        int min = 255;
        int max = 0;
        for (int seed = 0; seed < 1000; seed++) {
            Sample out = brightnessOnly.apply(s, new SplittableRandom(seed));
            assertThat(out.label()).isSameAs(label);
            assertThat(out.boxes()).isEqualTo(boxes);
            int v = out.image().get(0, 0, 0);
            assertThat(out.image().get(0, 0, 1)).isEqualTo(v);
            int shift = v - 128;
            assertThat(out.image().get(1, 0, 0)).isEqualTo(Math.max(0, 10 + shift));
            unchanged += shift == 0 ? 1 : 0; // not applied (p = 1/2), or |beta| < 0.5 (p = 1/128)
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(unchanged).isBetween(430, 570);
        assertThat(min).isBetween(96, 100);
        assertThat(max).isBetween(156, 160);
    }

    @Test
    void fullDistortionStaysWithinTheBoundsOfItsSteps() {
        // on grey only brightness and contrast act (saturation 0, no hue): out = clip(round(a (clip(round(128 + b)))))
        PhotometricDistortion d = new PhotometricDistortion();
        Sample s = new Sample("g", pixel(0x808080), null, List.of(), Path.of("g.png"), null);
        for (int seed = 0; seed < 500; seed++) {
            RgbImage out = d.apply(s, new SplittableRandom(seed)).image();
            assertThat(out.get(0, 0, 0)).isBetween((int) Math.round(0.5 * 96), 240).isEqualTo(out.get(0, 0, 2));
        }
    }
}

package org.seg4j.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.seg4j.box.Box;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.label.BuiltinLabelSpecs;

class RenderingTest {
    @Test
    void overlayLeavesIgnoreUntouchedAndBlendsClasses() {
        RgbImage img = new RgbImage(2, 1, new byte[] {100, 100, 100, 100, 100, 100});
        LabelMap l = new LabelMap(2, 1, new byte[] {1, 11});
        RgbImage o = Rendering.overlay(img, l, BuiltinLabelSpecs.camvid(), 0.5);
        assertThat(o.rgbAt(0, 0)).isEqualTo((114 << 16) | (50 << 8) | 50); // building (128,0,0)
        assertThat(o.rgbAt(1, 0)).isEqualTo(0x646464);
        assertThat(Rendering.colorize(l, BuiltinLabelSpecs.camvid()).rgbAt(0, 0)).isEqualTo(0x800000);
    }

    @Test
    void boxOutlineIsTwoPixelsWideAndClippedToTheImage() {
        RgbImage img = new RgbImage(8, 8, new byte[3 * 8 * 8]);
        // covers pixels 1..6 in x and 2..9 in y; the bottom edge falls outside and is clipped to row 7
        Rendering.drawBox(img, new Box(1, 2, 7, 10), 0xFFFFFF);
        assertThat(img.rgbAt(1, 4)).isEqualTo(0xFFFFFF);
        assertThat(img.rgbAt(2, 4)).isEqualTo(0xFFFFFF);
        assertThat(img.rgbAt(3, 4)).isZero();
        assertThat(img.rgbAt(6, 4)).isEqualTo(0xFFFFFF);
        assertThat(img.rgbAt(4, 2)).isEqualTo(0xFFFFFF);
        assertThat(img.rgbAt(4, 3)).isEqualTo(0xFFFFFF);
        assertThat(img.rgbAt(4, 7)).isEqualTo(0xFFFFFF);
        assertThat(img.rgbAt(0, 0)).isZero();
        assertThat(img.rgbAt(4, 1)).isZero();
    }
}

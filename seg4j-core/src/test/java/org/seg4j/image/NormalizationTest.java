package org.seg4j.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalizationTest {
    @Test
    void imagenetNormalisationIsPlanarChwOfScaledValues() {
        // 2x1 image: (255, 0, 128) then (10, 20, 30)
        RgbImage img = new RgbImage(2, 1, new byte[] {(byte) 255, 0, (byte) 128, 10, 20, 30});
        float[] chw = Normalization.imagenet().toChw(img);
        assertThat(chw).hasSize(6);
        assertThat(chw[0]).isCloseTo((1f - 0.485f) / 0.229f, within(1e-6f));        // R of pixel 0
        assertThat(chw[1]).isCloseTo((10 / 255f - 0.485f) / 0.229f, within(1e-6f)); // R of pixel 1
        assertThat(chw[2]).isCloseTo((0f - 0.456f) / 0.224f, within(1e-6f));        // G of pixel 0
        assertThat(chw[3]).isCloseTo((20 / 255f - 0.456f) / 0.224f, within(1e-6f));
        assertThat(chw[4]).isCloseTo((128 / 255f - 0.406f) / 0.225f, within(1e-6f)); // B of pixel 0
        assertThat(chw[5]).isCloseTo((30 / 255f - 0.406f) / 0.225f, within(1e-6f));
        assertThat(chw[0]).isCloseTo(2.2489f, within(1e-4f));
    }

    @Test
    void writesAtAnOffsetAndChecksTheRoom() {
        RgbImage img = new RgbImage(1, 1, new byte[] {0, 0, 0});
        Normalization n = new Normalization(new float[] {0, 0.5f, 1}, new float[] {1, 0.5f, 2});
        float[] dst = new float[5];
        n.toChw(img, dst, 2);
        assertThat(dst).containsExactly(0, 0, 0, -1, -0.5f);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> n.toChw(img, dst, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void windowIsWrittenIntoTheCornerOfALargerBufferLikeTheCroppedImage() {
        RgbImage img = RgbImage.blank(7, 5);
        new java.util.Random(4).nextBytes(img.data());
        Normalization n = Normalization.imagenet();
        int x0 = 2;
        int y0 = 1;
        int w = 4;
        int h = 3;
        // naive reference: copy the window pixel by pixel, normalise the copy
        RgbImage crop = RgbImage.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                crop.set(x, y, img.rgbAt(x0 + x, y0 + y));
            }
        }
        float[] expected = n.toChw(crop);
        int bw = 6;
        int bh = 4;
        float[] dst = new float[3 * bw * bh];
        java.util.Arrays.fill(dst, Float.NaN);
        n.windowToChw(img, x0, y0, w, h, dst, bw, bh);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < bh; y++) {
                for (int x = 0; x < bw; x++) {
                    float v = dst[(c * bh + y) * bw + x];
                    if (x < w && y < h) {
                        assertThat(v).as("c%d (%d, %d)", c, x, y).isEqualTo(expected[(c * h + y) * w + x]);
                    } else {
                        assertThat(v).as("padding c%d (%d, %d) untouched", c, x, y).isNaN();
                    }
                }
            }
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> n.windowToChw(img, 4, 0, 4, 3, dst, bw, bh))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("not inside the 7x5 image");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> n.windowToChw(img, 0, 0, 7, 3, dst, bw, bh))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("does not fit");
    }
}

package org.seg4j.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageOpsTest {
    @Test
    void bilinearUpsamplingMatchesHandComputedHalfPixelValues() {
        // 2x1 image, red 0 and 100; up to 4x1: source x = (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25
        RgbImage src = new RgbImage(2, 1, new byte[] {0, 0, 0, 100, 0, 0});
        RgbImage up = ImageOps.resizeBilinear(src, 4, 1);
        assertThat(new int[] {up.get(0, 0, 0), up.get(1, 0, 0), up.get(2, 0, 0), up.get(3, 0, 0)})
                .containsExactly(0, 25, 75, 100);
    }

    @Test
    void nearestDownsamplingPicksCentres() {
        LabelMap l = new LabelMap(4, 1, new byte[] {1, 2, 3, 4});
        assertThat(ImageOps.resizeNearest(l, 2, 1).data()).containsExactly(2, 4);
        assertThat(ImageOps.resizeNearest(l, 8, 1).data()).containsExactly(1, 1, 2, 2, 3, 3, 4, 4);
    }
}

package org.seg4j.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seg4j.data.Sample;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;

class ElasticDeformationTest {
    private static Sample gradient(int w, int h) {
        RgbImage img = RgbImage.blank(w, h);
        LabelMap label = new LabelMap(w, h, new byte[w * h]);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.set(x, y, (x * 4) << 16 | (y * 4) << 8);
                label.set(x, y, (x / 8 + y / 8) % 3);
            }
        }
        return new Sample("g", img, label, List.of(), null, null);
    }

    @Test
    void zeroSigmaIsTheIdentity() {
        Sample s = gradient(40, 30);
        Sample out = new ElasticDeformation(3, 0).apply(s, new SplittableRandom(1));
        assertThat(out.image()).isEqualTo(s.image());
        assertThat(out.label()).isEqualTo(s.label());
    }

    @Test
    void catmullRomPassesThroughItsSamplesAndReproducesLines() {
        double[] samples = {2, 5, -1, 4};
        for (int i = 0; i < samples.length; i++) {
            assertThat(ElasticDeformation.cubic(samples, i)).isCloseTo(samples[i], within(1e-12));
        }
        double[] line = {1, 3, 5, 7};
        assertThat(ElasticDeformation.cubic(line, 1.25)).isCloseTo(3.5, within(1e-12));
    }

    @Test
    void deformationIsSmoothKeepsLabelValuesAndIsReproducible() {
        Sample s = gradient(64, 48);
        ElasticDeformation e = new ElasticDeformation(3, 10);
        Sample a = e.apply(s, new SplittableRandom(7));
        Sample b = e.apply(s, new SplittableRandom(7));
        assertThat(a.image()).isEqualTo(b.image());
        assertThat(a.image()).isNotEqualTo(s.image());
        long[] h = a.label().histogram();
        for (int v = 3; v < 256; v++) {
            assertThat(h[v]).isZero();
        }
        // the red channel encodes the source column: neighbours' sources differ by a few pixels at most (smooth field)
        for (int y = 0; y < 48; y++) {
            for (int x = 1; x < 64; x++) {
                int jump = Math.abs(a.image().get(x, y, 0) - a.image().get(x - 1, y, 0)) / 4;
                assertThat(jump).as("(%d, %d)", x, y).isLessThanOrEqualTo(4);
            }
        }
    }
}

package org.seg4j.nn.localize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seg4j.box.Box;
import org.seg4j.box.BoxEncoding;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.loader.Batch;
import org.seg4j.nn.model.LocalizerNet;

class WindowSamplerTest {
    private static final int W = 200;
    private static final int H = 150;

    /** Two images whose channels hold x, y and the image's index, so a crop tells where it was taken. */
    private static Batch batch(List<List<ObjectBox>> boxes) {
        float[] images = new float[2 * 3 * W * H];
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        images[((n * 3 + c) * H + y) * W + x] = c == 0 ? x : c == 1 ? y : n;
                    }
                }
            }
        }
        return new Batch(new int[] {0, 1}, List.of("a", "b"), W, H, images, null, boxes);
    }

    @Test
    void positivesCoverTheirObjectAndNegativesAvoidEveryObject() {
        Box car = new Box(40, 30, 100, 70);
        Box person = new Box(150, 20, 180, 70);
        // data set classes: 0 sky, 1 car, 2 person; the localizer knows car (1) and person (2)
        WindowSampler sampler = new WindowSampler(new int[] {0, 1, 2}, 3,
                new WindowSampler.Settings(6, 10, new double[] {1, 1.6}, 0.5, 0.3));
        Batch batch = batch(List.of(List.of(new ObjectBox(car, 1, false), new ObjectBox(person, 2, false)),
                List.of()));
        WindowSampler.Windows w = sampler.sample(batch, 3);
        int positives = 0;
        int side = LocalizerNet.WINDOW;
        BoxEncoding encoding = new BoxEncoding.CentreLog();
        for (int k = 0; k < w.count(); k++) {
            // away from the clamped edges, output pixel u samples x1 + (u + 0.5) * width / 94 - 0.5
            int base = k * 3 * side * side + 46 * side + 46;
            double sx = w.pixels()[base + 1] - w.pixels()[base];
            double sy = w.pixels()[base + side * side + side] - w.pixels()[base + side * side];
            double x1 = w.pixels()[base] - 46.5 * sx + 0.5;
            double y1 = w.pixels()[base + side * side] - 46.5 * sy + 0.5;
            Box window = new Box(x1, y1, x1 + side * sx, y1 + side * sy);
            assertThat(window.x1()).isGreaterThanOrEqualTo(-1e-3);
            assertThat(window.x2()).isLessThanOrEqualTo(W + 1e-3);
            float[] t = java.util.Arrays.copyOfRange(w.boxTargets(), k * 8, k * 8 + 8);
            float[] mask = java.util.Arrays.copyOfRange(w.boxMask(), k * 8, k * 8 + 8);
            int c = w.classes()[k];
            boolean firstImage = w.pixels()[base + 2 * side * side] == 0;
            if (c == 0) {
                assertThat(mask).containsOnly(0f);
                assertThat(firstImage ? Math.max(window.iou(car), window.iou(person)) : 0).isLessThan(0.3);
                continue;
            }
            assertThat(firstImage).isTrue();
            positives++;
            Box object = c == 1 ? car : person;
            assertThat(window.iou(object)).isGreaterThan(0.5 - 1e-3);
            for (int i = 0; i < 8; i++) {
                assertThat(mask[i]).isEqualTo(i / 4 == c - 1 ? 1f : 0f);
            }
            double[] targets = {t[4 * (c - 1)], t[4 * (c - 1) + 1], t[4 * (c - 1) + 2], t[4 * (c - 1) + 3]};
            Box decoded = encoding.decode(targets, window);
            assertThat(decoded.x1()).isCloseTo(object.x1(), within(0.05));
            assertThat(decoded.y2()).isCloseTo(object.y2(), within(0.05));
        }
        assertThat(positives).isBetween(4, 6);
        assertThat(w.count()).isGreaterThan(20);
    }

    @Test
    void theSameSeedDrawsTheSameWindows() {
        WindowSampler sampler = new WindowSampler(new int[] {0, 1}, 2,
                new WindowSampler.Settings(4, 4, new double[] {1}, 0.5, 0.3));
        Batch batch = batch(List.of(List.of(new ObjectBox(new Box(10, 10, 60, 50), 1, false)), List.of()));
        assertThat(sampler.sample(batch, 5).pixels()).isEqualTo(sampler.sample(batch, 5).pixels());
        assertThat(sampler.sample(batch, 5).pixels()).isNotEqualTo(sampler.sample(batch, 6).pixels());
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new WindowSampler.Settings(0, 0, new double[] {1}, 0.5, 0.3))
                .hasMessageContaining("windows per image");
        assertThatThrownBy(() -> new WindowSampler.Settings(1, 1, new double[] {1}, 0.3, 0.5))
                .hasMessageContaining("negativeIou <= positiveIou");
        assertThatThrownBy(() -> new WindowSampler.Settings(1, 1, new double[] {0}, 0.5, 0.3))
                .hasMessageContaining("aspect");
    }
}

package org.seg4j.data.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.Sample;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;

class AugmentationPipelineTest {
    private static final int IGNORE = 11;

    /** A noisy 50x40 image whose labels are 2 on the left, 5 on the right, with one box. */
    private static Sample sample() {
        SplittableRandom r = new SplittableRandom(99);
        byte[] rgb = new byte[3 * 50 * 40];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) r.nextInt(256);
        }
        LabelMap label = LabelMap.filled(50, 40, 2);
        for (int y = 0; y < 40; y++) {
            for (int x = 25; x < 50; x++) {
                label.set(x, y, 5);
            }
        }
        return new Sample("n", new RgbImage(50, 40, rgb), label,
                List.of(new ObjectBox(new Box(5, 5, 30, 35), 1, false)), Path.of("n.png"), Path.of("n_l.png"));
    }

    private static AugmentationPipeline pipeline(long seed) {
        return AugmentationPipeline.of(seed, new RandomScale(), new RandomCrop(64, 48, IGNORE, 0, 1.0),
                new HorizontalFlip(), new PhotometricDistortion());
    }

    @Test
    void sameSeedEpochAndIndexGiveIdenticalOutputOnAnyThread() throws Exception {
        Sample s = sample();
        AugmentationPipeline p = pipeline(42);
        Sample here = p.apply(s, 3, 17);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Sample> a = pool.submit(() -> pipeline(42).apply(s, 3, 17));
            Future<Sample> b = pool.submit(() -> p.apply(s, 3, 17));
            for (Sample other : List.of(a.get(), b.get())) {
                assertThat(other.image()).isEqualTo(here.image());
                assertThat(other.label()).isEqualTo(here.label());
                assertThat(other.boxes()).isEqualTo(here.boxes());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(p.apply(s, 3, 18).image()).isNotEqualTo(here.image());
        assertThat(p.apply(s, 4, 17).image()).isNotEqualTo(here.image());
        assertThat(pipeline(43).apply(s, 3, 17).image()).isNotEqualTo(here.image());
    }

    @Test
    void labelsAreNeverInventedOnlyKeptOrPaddedWithIgnore() {
        Sample s = sample();
        AugmentationPipeline p = pipeline(7);
        Set<Integer> seen = new HashSet<>();
        for (int index = 0; index < 200; index++) {
            Sample out = p.apply(s, 0, index);
            assertThat(out.width()).isEqualTo(64);
            assertThat(out.height()).isEqualTo(48);
            long[] h = out.label().histogram();
            for (int v = 0; v < 256; v++) {
                if (h[v] > 0) {
                    seen.add(v);
                }
            }
            for (ObjectBox b : out.boxes()) {
                assertThat(b.box().x1()).isGreaterThanOrEqualTo(0);
                assertThat(b.box().x2()).isLessThanOrEqualTo(64);
                assertThat(b.box().y2()).isLessThanOrEqualTo(48);
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(2, 5, IGNORE);
    }

    @Test
    void identityPipelineReturnsTheSample() {
        Sample s = sample();
        assertThat(AugmentationPipeline.identity().apply(s, 0, 0)).isSameAs(s);
    }
}

package org.seg4j.nn.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.seg4j.BadInputException;
import org.seg4j.image.Normalization;
import org.seg4j.image.RgbImage;
import org.seg4j.nn.engine.ForwardPassLimit;

/**
 * Issue 13, item 8: {@code --scales 40} on a 128 x 128 image took 19.6 GB before anything was refused. The limits
 * are checked before the first forward pass.
 */
class InferenceLimitsTest {
    private static final Normalization IDENTITY = new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});

    /** Two constant classes; counts its calls. */
    private static UnaryOperator<NDArray> counting(AtomicInteger calls) {
        return x -> {
            calls.incrementAndGet();
            long[] s = x.getShape().getShape();
            return x.getManager().zeros(new ai.djl.ndarray.types.Shape(s[0], 2, s[2], s[3]));
        };
    }

    private static Segmenter segmenter(UnaryOperator<NDArray> net, InferenceOptions options) {
        return new Segmenter(net, 2, IDENTITY, 1, options);
    }

    private static void withPassLimit(long pixels, Runnable body) {
        String before = System.setProperty(ForwardPassLimit.PROPERTY, String.valueOf(pixels));
        try {
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty(ForwardPassLimit.PROPERTY);
            } else {
                System.setProperty(ForwardPassLimit.PROPERTY, before);
            }
        }
    }

    @Test
    void aScaleBeyondThePassLimitIsRefusedBeforeAnyPass() {
        AtomicInteger calls = new AtomicInteger();
        try (NDManager m = NDManager.newBaseManager()) {
            Segmenter s = segmenter(counting(calls), InferenceOptions.defaults().withScales(1, 40));
            withPassLimit(16_000_000, () -> assertThatThrownBy(() -> s.segment(RgbImage.blank(128, 128)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage("the 5120x5120 image (128x128 at scale 40.0) in one pass (use --tile for sliding "
                            + "windows) would put 26214400 pixels through the network in one pass, more than the "
                            + "limit of 16000000; raise it with -Dseg4j.maxPassPixels=PIXELS"));
        }
        assertThat(calls.get()).isZero();
    }

    @Test
    void theLimitIsOnOnePassSoSlidingWindowsStayWithinIt() {
        AtomicInteger calls = new AtomicInteger();
        try (NDManager m = NDManager.newBaseManager()) {
            withPassLimit(32 * 32, () -> {
                RgbImage img = RgbImage.blank(64, 48);
                assertThatThrownBy(() -> segmenter(counting(calls), InferenceOptions.defaults()).segment(img))
                        .hasMessageContaining("the 64x48 image (64x48 at scale 1.0) in one pass");
                assertThatThrownBy(() -> segmenter(counting(calls), InferenceOptions.defaults().withTile(33, 0.25))
                        .segment(img)).hasMessageContaining("a 33x33 window of the 64x48 image");
                assertThat(calls.get()).isZero();
                segmenter(counting(calls), InferenceOptions.defaults().withTile(32, 0.25)).segment(img);
                assertThat(calls.get()).isEqualTo(6);
            });
        }
    }

    @Test
    void aScaledImageBeyondTheImageLimitIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            Segmenter s = segmenter(counting(new AtomicInteger()), InferenceOptions.defaults().withTile(256, 0.25)
                    .withScales(1e6));
            assertThatThrownBy(() -> s.segment(RgbImage.blank(128, 128))).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("image is 128000000x128000000 pixels, more than the limit of 134217728");
        }
    }

    @Test
    void aBatchIsSplitIntoPassesWithinTheLimit() {
        AtomicInteger calls = new AtomicInteger();
        List<Long> batchSizes = new java.util.ArrayList<>();
        UnaryOperator<NDArray> counted = counting(calls);
        UnaryOperator<NDArray> recording = x -> {
            batchSizes.add(x.getShape().get(0));
            return counted.apply(x);
        };
        // 5 images of 10x10 with room for 2 x 100 pixels per pass: passes of 2, 2 and 1 images
        withPassLimit(250, () -> segmenter(recording, InferenceOptions.defaults())
                .segment(java.util.Collections.nCopies(5, RgbImage.blank(10, 10)), false));
        assertThat(batchSizes).containsExactly(2L, 2L, 1L);
    }
}

package org.seg4j.nn.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.seg4j.BadInputException;
import org.seg4j.data.augment.Normalization;
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
            Segmenter s = new Segmenter(counting(calls), 2, IDENTITY,
                    new InferenceOptions(0, 0, 1, new double[] {1, 40}, false, false), m);
            withPassLimit(16_000_000, () -> assertThatThrownBy(() -> s.predict(RgbImage.blank(128, 128), false))
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
                assertThatThrownBy(() -> new Segmenter(counting(calls), 2, IDENTITY, InferenceOptions.whole(1), m)
                        .predict(img, false)).hasMessageContaining("the 64x48 image (64x48 at scale 1.0) in one pass");
                assertThatThrownBy(() -> new Segmenter(counting(calls), 2, IDENTITY,
                        InferenceOptions.sliding(33, 0.25, 1), m).predict(img, false))
                        .hasMessageContaining("a 33x33 window of the 64x48 image");
                assertThat(calls.get()).isZero();
                new Segmenter(counting(calls), 2, IDENTITY, InferenceOptions.sliding(32, 0.25, 1), m).predict(img,
                        false);
                assertThat(calls.get()).isEqualTo(6);
            });
        }
    }

    @Test
    void aScaledImageBeyondTheImageLimitIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            Segmenter s = new Segmenter(counting(new AtomicInteger()), 2, IDENTITY,
                    new InferenceOptions(256, 0.25, 1, new double[] {1e6}, false, false), m);
            assertThatThrownBy(() -> s.predict(RgbImage.blank(128, 128), false)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("image is 128000000x128000000 pixels, more than the limit of 134217728");
        }
    }
}

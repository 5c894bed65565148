package org.seg4j.nn.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.seg4j.image.Normalization;
import org.seg4j.image.RgbImage;

class SegmenterTest {
    private static final Normalization IDENTITY = new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});
    private static final float[][] W = {{3, -1, 0.5f}, {-2, 2, 1}, {0.5f, 0.5f, -3}};
    private static final float[] B = {0.1f, -0.2f, 0.3f};

    /** A per-pixel linear classifier: logits_c = sum_k W[c][k] x_k + B[c]; the same whatever the tiling. */
    private static UnaryOperator<NDArray> pixelwise(NDManager m) {
        NDArray w = m.create(W).reshape(3, 3, 1, 1);
        NDArray b = m.create(B).reshape(1, 3, 1, 1);
        return x -> ai.djl.ndarray.NDArrays.add(
                x.expandDims(1).mul(w.expandDims(0)).sum(new int[] {2}), b);
    }

    /** Naive reference: the argmax of the linear classifier at one pixel (inputs scaled to [0, 1]). */
    private static int naiveLabel(RgbImage img, int x, int y) {
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 3; c++) {
            double v = B[c];
            for (int k = 0; k < 3; k++) {
                v += W[c][k] * (img.get(x, y, k) / 255.0);
            }
            if (v > bestValue) {
                bestValue = v;
                best = c;
            }
        }
        return best;
    }

    private static Segmenter segmenter(UnaryOperator<NDArray> net, int classes, InferenceOptions options) {
        return new Segmenter(net, classes, IDENTITY, 1, options);
    }

    private static RgbImage randomImage(int w, int h, long seed) {
        RgbImage img = RgbImage.blank(w, h);
        new Random(seed).nextBytes(img.data());
        return img;
    }

    @Test
    void wholeAndSlidingAgreeWithNaivePerPixelLabelsForAnyTiling() {
        RgbImage img = randomImage(37, 23, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            UnaryOperator<NDArray> net = pixelwise(m);
            InferenceOptions whole = InferenceOptions.defaults();
            for (InferenceOptions o : new InferenceOptions[] {whole.withPadMultiple(8), whole,
                whole.withTile(16, 0.25).withPadMultiple(8), whole.withTile(10, 0.5),
                whole.withTile(64, 0.25).withPadMultiple(32)}) {
                Prediction p = segmenter(net, 3, o).segment(img);
                for (int y = 0; y < 23; y++) {
                    for (int x = 0; x < 37; x++) {
                        assertThat(p.labels().get(x, y)).as("%s at (%d, %d)", o, x, y).isEqualTo(naiveLabel(img, x, y));
                    }
                }
            }
        }
    }

    @Test
    void overlappingTilesAreAveragedPixelByPixel() {
        // a network whose logit 0 is the column inside the tile and logit 1 a constant: a pixel is class 0 when the
        // mean of its in-tile columns over the tiles covering it exceeds the constant
        int w = 20;
        int tile = 8;
        float threshold = 4.2f;
        try (NDManager m = NDManager.newBaseManager()) {
            UnaryOperator<NDArray> net = x -> {
                long tw = x.getShape().get(3);
                long th = x.getShape().get(2);
                NDArray col = x.getManager().arange(0f, (float) tw).reshape(1, 1, 1, tw).repeat(2, th);
                return col.concat(x.getManager().full(new Shape(1, 1, th, tw), threshold), 1);
            };
            Prediction p = segmenter(net, 2, InferenceOptions.defaults().withTile(tile, 0.5))
                    .segment(randomImage(w, 3, 2));
            int[] starts = Tiling.starts(w, tile, 0.5);
            assertThat(starts).containsExactly(0, 4, 8, 12);
            for (int x = 0; x < w; x++) {
                double sum = 0;
                int n = 0;
                for (int s : starts) {
                    if (x >= s && x < s + tile) {
                        sum += x - s;
                        n++;
                    }
                }
                int expected = sum / n > threshold ? 0 : 1;
                assertThat(p.labels().get(x, 1)).as("x=%d, mean column %.2f", x, sum / n).isEqualTo(expected);
            }
        }
    }

    @Test
    void flipAndScalesAverageProbabilities() {
        RgbImage img = randomImage(16, 12, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            UnaryOperator<NDArray> net = pixelwise(m);
            InferenceOptions whole = InferenceOptions.defaults();
            Prediction plain = segmenter(net, 3, whole).segment(img, true);
            Prediction flipped = segmenter(net, 3, whole.withFlip(true)).segment(img, true);
            Prediction dihedral = segmenter(net, 3, whole.withFlip(true).withRotate(true)).segment(img, true);
            // a per-pixel network gives the same probabilities on the mirrored and turned (16x12 -> 12x16) images,
            // mirrored and turned back
            for (int i = 0; i < plain.probabilities().length; i++) {
                assertThat(flipped.probabilities()[i]).isCloseTo(plain.probabilities()[i], within(1e-6f));
                assertThat(dihedral.probabilities()[i]).isCloseTo(plain.probabilities()[i], within(1e-6f));
            }
            for (int i = 0; i < 16 * 12; i++) {
                float sum = 0;
                for (int c = 0; c < 3; c++) {
                    sum += plain.probabilities()[c * 16 * 12 + i];
                }
                assertThat(sum).isCloseTo(1f, within(1e-5f));
            }
            Prediction multi = segmenter(net, 3, whole.withScales(0.5, 1, 2).withFlip(true).withRotate(true))
                    .segment(img, true);
            assertThat(multi.labels().width()).isEqualTo(16);
            assertThat(multi.probabilities()).hasSize(3 * 16 * 12);
        }
    }

    @Test
    void imagesOfOneSizeGoThroughTheNetworkTogetherWithTheSameResultAsOneByOne() {
        List<RgbImage> images = List.of(randomImage(16, 12, 5), randomImage(9, 7, 6), randomImage(16, 12, 7),
                randomImage(16, 12, 8));
        try (NDManager m = NDManager.newBaseManager()) {
            UnaryOperator<NDArray> pixelwise = pixelwise(m);
            // a convolution mixes neighbouring pixels, so a batch that mixed images up would show
            NDArray kernel = m.randomNormal(new Shape(3, 3, 3, 3));
            UnaryOperator<NDArray> conv = x -> pixelwise.apply(ai.djl.ndarray.NDArrays.add(x,
                    ai.djl.nn.convolutional.Conv2d.conv2d(x, kernel, null, new Shape(1, 1), new Shape(1, 1),
                            new Shape(1, 1)).head().mul(0.3f)));
            List<Long> batchSizes = new ArrayList<>();
            UnaryOperator<NDArray> counted = x -> {
                batchSizes.add(x.getShape().get(0));
                return conv.apply(x);
            };
            for (InferenceOptions o : new InferenceOptions[] {InferenceOptions.defaults(),
                InferenceOptions.defaults().withTile(8, 0.25), InferenceOptions.defaults().withScales(0.5, 1)
                        .withFlip(true)}) {
                batchSizes.clear();
                List<Prediction> together = segmenter(counted, 3, o).segment(images, true);
                List<Long> passes = List.copyOf(batchSizes);
                for (int i = 0; i < images.size(); i++) {
                    Prediction alone = segmenter(conv, 3, o).segment(images.get(i), true);
                    assertThat(together.get(i).labels().data()).as("%s image %d", o, i)
                            .isEqualTo(alone.labels().data());
                    for (int k = 0; k < alone.probabilities().length; k++) {
                        assertThat(together.get(i).probabilities()[k]).isCloseTo(alone.probabilities()[k],
                                within(1e-5f));
                    }
                }
                // the three 16x12 images share every pass; the 9x7 image runs alone
                assertThat(passes).contains(3L, 1L).doesNotContain(4L, 2L);
            }
        }
    }

    @Test
    void theModelsInputScaleResizesTheImageAndScalesAreRelativeToIt() {
        List<Shape> inputs = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            UnaryOperator<NDArray> net = pixelwise(m);
            UnaryOperator<NDArray> recording = x -> {
                inputs.add(x.getShape());
                return net.apply(x);
            };
            RgbImage img = randomImage(40, 20, 9);
            Prediction p = new Segmenter(recording, 3, IDENTITY, 0.5, InferenceOptions.defaults()).segment(img);
            assertThat(inputs).containsExactly(new Shape(1, 3, 10, 20));
            assertThat(p.labels().width()).isEqualTo(40);
            assertThat(p.labels().height()).isEqualTo(20);
            inputs.clear();
            new Segmenter(recording, 3, IDENTITY, 0.5, InferenceOptions.defaults().withScales(2, 1)).segment(img);
            assertThat(inputs).containsExactly(new Shape(1, 3, 20, 40), new Shape(1, 3, 10, 20));
        }
    }

    @Test
    void wrongLogitShapeIsExplained() {
        try (NDManager m = NDManager.newBaseManager()) {
            UnaryOperator<NDArray> shrinking = x -> x.get(":, :, ::2, ::2");
            assertThatThrownBy(() -> segmenter(shrinking, 3, InferenceOptions.defaults())
                    .segment(randomImage(8, 8, 4)))
                    .hasMessageContaining("the network returned logits of shape (1, 3, 4, 4)")
                    .hasMessageContaining("expected (1, 3, 8, 8)");
        }
    }

    @Test
    void tilingCoversEveryPixelWithTheLastWindowFlush() {
        assertThat(Tiling.starts(10, 16, 0.25)).containsExactly(0);
        assertThat(Tiling.starts(16, 16, 0.25)).containsExactly(0);
        assertThat(Tiling.starts(17, 16, 0.25)).containsExactly(0, 1);
        assertThat(Tiling.starts(40, 16, 0.25)).containsExactly(0, 12, 24);
        assertThat(Tiling.starts(41, 16, 0.25)).containsExactly(0, 12, 24, 25);
    }

    @Test
    void bilinearPlanesMatchHandComputedHalfPixelValues() {
        float[] up = FloatPlanes.resizeBilinear(new float[] {0, 100}, 1, 1, 2, 1, 4);
        assertThat(up).containsExactly(0f, 25f, 75f, 100f);
        float[] down = FloatPlanes.resizeBilinear(new float[] {0, 10, 20, 30}, 1, 1, 4, 1, 2);
        assertThat(down).containsExactly(5f, 25f);
    }
}

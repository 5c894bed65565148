package org.seg4j.nn.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Losses against PyTorch's values and gradients (tools/reference/losses.py), in float64. */
class LossesTest {
    private static final double TOLERANCE = 1e-9;

    @Test
    void crossEntropyMatchesPyTorch() throws Exception {
        check("cross_entropy", new PixelCrossEntropyLoss(255, null));
    }

    @Test
    void weightedCrossEntropyMatchesPyTorch() throws Exception {
        JsonNode ref = fixture();
        float[] weights = new float[ref.get("classWeights").size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) ref.get("classWeights").get(i).asDouble();
        }
        check("weighted_cross_entropy", new PixelCrossEntropyLoss(255, weights));
    }

    @Test
    void diceMatchesPyTorch() throws Exception {
        check("dice", new DiceLoss(255));
    }

    private static void check(String name, Loss loss) throws Exception {
        JsonNode ref = fixture();
        long[] shape = StreamSupport.stream(ref.get("shape").spliterator(), false).mapToLong(JsonNode::asLong).toArray();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(doubles(ref.get("logits")), new Shape(shape));
            NDArray labels = manager.create(longs(ref.get("labels")), new Shape(shape[0], shape[2], shape[3]));
            logits.setRequiresGradient(true);
            double value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.evaluate(new NDList(labels), new NDList(logits));
                value = l.toType(DataType.FLOAT64, false).getDouble();
                gc.backward(l);
            }
            assertThat(value).isCloseTo(ref.get(name).get("value").asDouble(), within(TOLERANCE));
            double[] grad = logits.getGradient().toDoubleArray();
            double[] expected = doubles(ref.get(name).get("grad"));
            assertThat(grad).hasSameSizeAs(expected);
            for (int i = 0; i < grad.length; i++) {
                assertThat(grad[i]).as("grad[%d]", i).isCloseTo(expected[i], within(TOLERANCE));
            }
        }
    }

    @Test
    void allIgnoredBatchHasZeroLossAndBadLabelsAreRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.randomNormal(new Shape(1, 3, 2, 2));
            NDArray ignored = manager.full(new Shape(1, 2, 2), 255L);
            assertThat(new PixelCrossEntropyLoss(255, null).evaluate(new NDList(ignored), new NDList(logits))
                    .getFloat()).isZero();
            NDArray bad = manager.full(new Shape(1, 2, 2), 7L);
            assertThatThrownBy(() -> new PixelCrossEntropyLoss(255, null).evaluate(new NDList(bad), new NDList(logits)))
                    .hasMessageContaining("labels hold 7, which is neither a class (0..2) nor the ignore index 255");
        }
    }

    @Test
    void medianFrequencyWeightsByHand() {
        // class 0: 60 px in images totalling 100 px -> f 0.6; class 1: 10 of 100 -> 0.1; class 2: 20 of 50 -> 0.4;
        // class 3 absent. median(0.1, 0.4, 0.6) = 0.4 -> weights 0.4/0.6, 0.4/0.1, 0.4/0.4, 0
        float[] w = ClassWeights.medianFrequency(new long[] {60, 10, 20, 0}, new long[] {100, 100, 50, 0});
        assertThat(w[0]).isCloseTo(2f / 3, within(1e-6f));
        assertThat(w[1]).isCloseTo(4f, within(1e-6f));
        assertThat(w[2]).isCloseTo(1f, within(1e-6f));
        assertThat(w[3]).isZero();
    }

    private static JsonNode fixture() throws Exception {
        try (InputStream in = LossesTest.class.getResourceAsStream("/fixtures/loss/losses.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static double[] doubles(JsonNode a) {
        return StreamSupport.stream(a.spliterator(), false).mapToDouble(JsonNode::asDouble).toArray();
    }

    private static long[] longs(JsonNode a) {
        return StreamSupport.stream(a.spliterator(), false).mapToLong(JsonNode::asLong).toArray();
    }
}

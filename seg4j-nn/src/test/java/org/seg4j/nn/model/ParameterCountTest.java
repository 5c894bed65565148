package org.seg4j.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

/**
 * Full-size parameter counts against the published torchvision figures (equal to tools/reference/backbones.py's
 * plain-torch definitions, which that script checks), and a hand count of a small instance.
 */
class ParameterCountTest {
    private final ModelRegistry registry = ModelRegistry.standard();

    private long count(String name) {
        return ParameterCount.of(registry.create(name, ModelArgs.of(1000)), new Shape(1, 3, 32, 32));
    }

    @Test
    void fullSizeCountsAreThePublishedOnes() {
        assertThat(count("vgg16")).isEqualTo(138_357_544L);
        assertThat(count("vgg16_bn")).isEqualTo(138_365_992L);
        assertThat(count("resnet50")).isEqualTo(25_557_032L);
        assertThat(count("resnet101")).isEqualTo(44_549_160L);
    }

    @Test
    void dilationDoesNotChangeTheCount() {
        long os8 = ParameterCount.of(registry.create("resnet50", ModelArgs.of(1000).with("output_stride", "8")),
                new Shape(1, 3, 32, 32));
        assertThat(os8).isEqualTo(25_557_032L);
    }

    @Test
    void smallVggCountedByHand() {
        // width 1/64: channels 1,2,4,8,8; hidden 64; 10 classes.
        long convs = (3 * 9 + 1) * 1 + (1 * 9 + 1) * 1          // stage 1
                + (1 * 9 + 1) * 2 + (2 * 9 + 1) * 2                 // stage 2
                + (2 * 9 + 1) * 4 + 2 * (4 * 9 + 1) * 4             // stage 3
                + (4 * 9 + 1) * 8 + 2 * (8 * 9 + 1) * 8             // stage 4
                + 3 * (8 * 9 + 1) * 8;                              // stage 5
        long fc = (8 * 49 + 1) * 64 + (64 + 1) * 64 + (64 + 1) * 10;
        long bn = 2L * (1 + 1 + 2 + 2 + 4 + 4 + 4 + 8 + 8 + 8 + 8 + 8 + 8);
        assertThat(ParameterCount.of(Vgg16.builder().optWidth(1.0 / 64).buildClassifier(10), new Shape(1, 3, 32, 32)))
                .isEqualTo(convs + fc);
        assertThat(ParameterCount.of(Vgg16.builder().optBatchNorm(true).optWidth(1.0 / 64).buildClassifier(10),
                new Shape(1, 3, 32, 32)))
                .isEqualTo(convs + fc + bn);
    }

    @Test
    void refusesAnInitializedBlock() {
        Block b = Vgg16.builder().optWidth(1.0 / 64).buildClassifier(10);
        try (NDManager m = NDManager.newBaseManager()) {
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            assertThatThrownBy(() -> ParameterCount.of(b, new Shape(1, 3, 32, 32)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fresh");
        }
    }
}

package org.seg4j.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registry lookups and option parsing, with the error messages users see. */
class ModelRegistryTest {
    private final ModelRegistry registry = ModelRegistry.standard();

    @Test
    void listsTheBuiltInsInOrder() {
        assertThat(registry.factories()).extracting(ArchitectureFactory::name)
                .startsWith("vgg16", "vgg16_bn", "resnet50", "resnet101")
                .contains("unet", "fcn8s", "deeplab_largefov", "segnet_basic", "segnet");
    }

    @Test
    void unknownArchitectureListsTheKnownOnes() {
        assertThatThrownBy(() -> registry.get("alexnet")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown architecture 'alexnet'; known: vgg16, vgg16_bn, resnet50, resnet101");
    }

    @Test
    void unknownOptionIsNamedWithTheValidOnes() {
        assertThatThrownBy(() -> registry.create("resnet50", ModelArgs.of(3).with("depth", "18")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option 'depth' for resnet50; valid options: output_stride, width");
        assertThatThrownBy(() -> registry.create("vgg16", ModelArgs.of(3).with("output_stride", "8")))
                .hasMessage("unknown option 'output_stride' for vgg16; valid options: width");
    }

    @Test
    void badOptionValuesAreRefused() {
        assertThatThrownBy(() -> registry.create("resnet50", ModelArgs.of(3).with("output_stride", "4")))
                .hasMessage("option output_stride must be one of [8, 16, 32], got '4'");
        assertThatThrownBy(() -> registry.create("vgg16", ModelArgs.of(3).with("width", "0")))
                .hasMessage("option width must be a positive number, got '0'");
        assertThatThrownBy(() -> registry.create("vgg16", ModelArgs.of(3).with("width", "a/b")))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> registry.register(Vgg16.classifierFactory(false)))
                .hasMessage("architecture already registered: vgg16");
    }

    @Test
    void widthTakesFractionsOrDecimals() {
        ModelArgs fraction = new ModelArgs(5, 3, Map.of("width", "1/8"));
        assertThat(fraction.positiveNumber("width", 1)).isEqualTo(0.125);
        assertThat(fraction.with("width", "0.25").positiveNumber("width", 1)).isEqualTo(0.25);
        Block b = registry.create("vgg16", fraction);
        // 1/8 width: channels 8,16,32,64,64; hidden 512; 5 classes
        long convs = (3 * 9 + 1) * 8 + (8 * 9 + 1) * 8 + (8 * 9 + 1) * 16 + (16 * 9 + 1) * 16
                + (16 * 9 + 1) * 32 + 2 * (32 * 9 + 1) * 32 + (32 * 9 + 1) * 64 + 5 * (64 * 9 + 1) * 64;
        long fc = (64 * 49 + 1) * 512 + (512 + 1) * 512 + (512 + 1) * 5;
        assertThat(ParameterCount.of(b, new Shape(1, 3, 32, 32))).isEqualTo(convs + fc);
    }

    @Test
    void argumentsAreValidated() {
        assertThatThrownBy(() -> ModelArgs.of(0)).hasMessageContaining("numClasses");
        assertThatThrownBy(() -> new ModelArgs(2, 0, Map.of())).hasMessageContaining("inChannels");
    }
}

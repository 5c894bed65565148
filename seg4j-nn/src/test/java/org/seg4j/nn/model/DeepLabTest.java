package org.seg4j.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seg4j.nn.io.StateDictNames;

/** DeepLab shapes, admitted sizes, output strides, parameter names and counts, registry options. */
class DeepLabTest {
    @Test
    void logitsHaveTheInputSize() {
        check(DeepLab.largeFov(4, 1.0 / 32), new Shape(2, 3, 8, 8), 8);
        check(DeepLab.v2Vgg16(4, 1.0 / 32), new Shape(1, 3, 41, 19), 8);
        check(DeepLab.v2ResNet101(4, 1.0 / 32, 8), new Shape(1, 3, 5, 3), 8);
        check(DeepLab.v2ResNet101(4, 1.0 / 32, 16), new Shape(1, 3, 50, 37), 16);
    }

    private static void check(DeepLab net, Shape input, int outputStride) {
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, input);
            NDArray out = net.forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(input)),
                    false).singletonOrThrow();
            assertThat(out.getShape()).isEqualTo(new Shape(input.get(0), 4, input.get(2), input.get(3)));
            assertThat(net.outputStride()).isEqualTo(outputStride);
        }
    }

    @Test
    void vggVariantsRefuseInputsBelow8Pixels() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DeepLab net = DeepLab.largeFov(4, 1.0 / 32);
            assertThatThrownBy(() -> net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 7, 30)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("DeepLab needs an [N, C, H, W] input with H, W >= 8, got (1, 3, 7, 30)");
        }
    }

    @Test
    void parameterNamesFollowThePyTorchModules() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DeepLab v1 = DeepLab.largeFov(3, 1.0 / 32);
            v1.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            assertThat(StateDictNames.keys(v1)).endsWith("classifier.fc6.weight", "classifier.fc6.bias",
                    "classifier.fc7.weight", "classifier.fc7.bias", "classifier.fc8.weight", "classifier.fc8.bias");
            Map<String, Parameter> p = StateDictNames.parameters(v1);
            // fc6: 3x3 from pool5 (16 channels at width 1/32) to 1024/32 = 32
            assertThat(p.get("classifier.fc6.weight").getArray().getShape()).isEqualTo(new Shape(32, 16, 3, 3));
            DeepLab v2 = DeepLab.v2ResNet101(3, 1.0 / 32, 8);
            v2.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            assertThat(StateDictNames.keys(v2)).contains("backbone.conv1.weight", "backbone.layer4.2.bn3.running_var")
                    .endsWith("aspp.c0.weight", "aspp.c0.bias", "aspp.c1.weight", "aspp.c1.bias", "aspp.c2.weight",
                            "aspp.c2.bias", "aspp.c3.weight", "aspp.c3.bias");
        }
    }

    @Test
    void fullSizeCountsAreThePyTorchReferencesAndThePapers() {
        ModelRegistry registry = ModelRegistry.standard();
        long vggConvs = 138_357_544L - (25088L * 4096 + 4096) - (4096L * 4096 + 4096) - (4096L * 1000 + 1000);
        long head12 = (512L * 9 * 1024 + 1024) + (1024L * 1024 + 1024) + (1024L * 21 + 21);
        // tools/reference/fcn_deeplab.py prints 20,505,429 / 37,877,652 / 44,048,532 for 21 classes
        long largeFov = count(registry, "deeplab_largefov", Map.of());
        assertThat(largeFov).isEqualTo(20_505_429L).isEqualTo(vggConvs + head12);
        // DeepLab v1 paper, Table 2: DeepLab-LargeFOV 20.5M parameters
        assertThat(Math.round(largeFov / 1e5) / 10.0).isEqualTo(20.5);
        assertThat(count(registry, "deeplabv2_vgg16", Map.of())).isEqualTo(37_877_652L).isEqualTo(vggConvs + 4 * head12);
        // ResNet-101 without its 1000-class fc, plus four 3x3 2048 -> 21 classifiers; dilation changes nothing
        long resnet = 44_549_160L - (2048L * 1000 + 1000);
        long aspp = 4 * (2048L * 9 * 21 + 21);
        assertThat(count(registry, "deeplabv2_resnet101", Map.of())).isEqualTo(44_048_532L).isEqualTo(resnet + aspp);
        assertThat(count(registry, "deeplabv2_resnet101", Map.of("output_stride", "16"))).isEqualTo(resnet + aspp);
    }

    @Test
    void registryOptions() {
        ModelRegistry registry = ModelRegistry.standard();
        Block os16 = registry.create("deeplabv2_resnet101", ModelArgs.of(3).with("output_stride", "16"));
        assertThat(((DeepLab) os16).outputStride()).isEqualTo(16);
        assertThatThrownBy(() -> registry.create("deeplabv2_resnet101", ModelArgs.of(3).with("output_stride", "32")))
                .hasMessage("option output_stride must be one of [8, 16], got '32'");
        assertThatThrownBy(() -> registry.create("deeplab_largefov", ModelArgs.of(3).with("output_stride", "8")))
                .hasMessage("unknown option 'output_stride' for deeplab_largefov; valid options: width");
        assertThat(registry.factories()).extracting(ArchitectureFactory::name).containsSubsequence("fcn32s", "fcn16s",
                "fcn8s", "deeplab_largefov", "deeplabv2_vgg16", "deeplabv2_resnet101");
    }

    private static long count(ModelRegistry registry, String name, Map<String, String> options) {
        return ParameterCount.of(registry.create(name, new ModelArgs(21, 3, options)), new Shape(1, 3, 64, 64));
    }
}

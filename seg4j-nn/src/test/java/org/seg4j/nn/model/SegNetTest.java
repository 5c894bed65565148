package org.seg4j.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seg4j.nn.io.StateDictNames;

/** SegNet and SegNet-Basic: parameter counts, sizes admitted, state_dict layout, registry options. */
class SegNetTest {
    private final ModelRegistry registry = ModelRegistry.standard();

    @Test
    void segnetBasicParameterCountMatchesAHandCount() {
        // conv1 3*64*49 + 64; 7 more 7x7 convs 64*64*49 + 64; 8 BatchNorms 2*64; classifier 64*11 + 11.
        long byHand = (3 * 64 * 49 + 64) + 7L * (64 * 64 * 49 + 64) + 8 * 128 + (64 * 11 + 11);
        assertThat(byHand).isEqualTo(1_416_587L); // also what tools/reference/segnet.py prints
        assertThat(count(registry.create("segnet_basic", ModelArgs.of(11)))).isEqualTo(byHand);
        assertThat(count(registry.create("segnet_basic", ModelArgs.of(11).with("batch_norm", "false"))))
                .isEqualTo(byHand - 8 * 128);
    }

    @Test
    void segnetParameterCountIsThePyTorchReferencesAndThePapers() {
        // tools/reference/segnet.py: 29,449,355 for 11 classes; the paper (TPAMI 2017, Table 6) gives 29.5M.
        long n = count(registry.create("segnet", ModelArgs.of(11)));
        assertThat(n).isEqualTo(29_449_355L);
        // encoder = vgg16_bn features (14,723,136, torchvision), decoder = mirrored convs with 11 output classes
        long decoder = conv3(512, 512) * 3 + conv3(512, 512) * 2 + conv3(512, 256) + conv3(256, 256) * 2 + conv3(256, 128)
                + conv3(128, 128) + conv3(128, 64) + conv3(64, 64) + 2 * (3 * 512 + 2 * 512 + 256 + 2 * 256 + 128 + 128 + 64 + 64)
                + (64 * 11 * 9 + 11);
        assertThat(n).isEqualTo(14_723_136L + decoder);
    }

    private static long conv3(int in, int out) {
        return (long) in * out * 9 + out;
    }

    @Test
    void encoderKeysAreTorchvisionVgg16BnFeatureKeys() {
        SegNet net = SegNet.builder().setNumClasses(3).optWidth(1.0 / 32).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            List<String> torchvision = new ArrayList<>();
            // torchvision vgg16_bn: convs at these features indices, each followed by its BatchNorm
            for (int conv : new int[] {0, 3, 7, 10, 14, 17, 20, 24, 27, 30, 34, 37, 40}) {
                torchvision.add("features." + conv + ".weight");
                torchvision.add("features." + conv + ".bias");
                for (String p : new String[] {"weight", "bias", "running_mean", "running_var"}) {
                    torchvision.add("features." + (conv + 1) + "." + p);
                }
            }
            assertThat(StateDictNames.keys(net).stream().filter(k -> k.startsWith("features.")))
                    .containsExactlyInAnyOrderElementsOf(torchvision);
            assertThat(StateDictNames.keys(net)).contains("decoder.0.0.weight", "decoder.4.3.weight")
                    .noneMatch(k -> k.startsWith("classifier."));
        }
    }

    @Test
    void logitsHaveTheInputSizeForOddSizes() {
        Block basic = SegNet.basicBuilder().setNumClasses(4).optWidth(1.0 / 32).build();
        Block vgg = SegNet.builder().setNumClasses(4).optWidth(1.0 / 64).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            basic.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 9, 9));
            vgg.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 17, 17));
            ParameterStore store = new ParameterStore(manager, false);
            for (long[] hw : new long[][] {{9, 9}, {45, 60}, {33, 17}}) {
                NDArray x = manager.randomNormal(new Shape(2, 3, hw[0], hw[1]));
                assertThat(basic.forward(store, new NDList(x), false).singletonOrThrow().getShape())
                        .isEqualTo(new Shape(2, 4, hw[0], hw[1]));
            }
            for (long[] hw : new long[][] {{17, 17}, {45, 60}, {33, 50}}) {
                NDArray x = manager.randomNormal(new Shape(1, 3, hw[0], hw[1]));
                assertThat(vgg.forward(store, new NDList(x), false).singletonOrThrow().getShape())
                        .isEqualTo(new Shape(1, 4, hw[0], hw[1]));
            }
            assertThatThrownBy(() -> basic.forward(store, new NDList(manager.zeros(new Shape(1, 3, 8, 20))), false))
                    .isInstanceOf(org.seg4j.BadInputException.class)
                    .hasMessageContaining("SegNet-Basic needs an input of at least 9 x 9 pixels");
            assertThatThrownBy(() -> vgg.forward(store, new NDList(manager.zeros(new Shape(1, 3, 20, 16))), false))
                    .hasMessageContaining("SegNet needs an input of at least 17 x 17 pixels");
        }
    }

    @Test
    void unpoolingPutsValuesBackWhereTheMaximaWere() {
        // One channel, no BatchNorm, every convolution the identity (centre tap 1, bias 0): the encoder keeps the
        // maxima, the decoder puts them back, so only the value that survives all 4 poolings is left, at its place.
        SegNet net = SegNet.basicBuilder().setNumClasses(1).optWidth(1.0 / 64).optBatchNorm(false).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16, 16));
            StateDictNames.parameters(net).forEach((k, p) -> {
                NDArray a = p.getArray();
                a.set(new float[Math.toIntExact(a.size())]);
                if (k.endsWith(".weight")) {
                    float[] w = new float[Math.toIntExact(a.size())];
                    w[w.length / 2] = 1; // centre tap of a 1 x 1 x k x k kernel
                    a.set(w);
                }
            });
            float[] in = new float[256];
            for (int i = 0; i < in.length; i++) {
                in[i] = (i * 37 % 256) / 256f + 0.01f; // distinct positive values
            }
            NDArray x = manager.create(in, new Shape(1, 1, 16, 16));
            float[] out = net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
            // Naive truth: 4 rounds of 2x2 max pooling from 16x16 leave one value, the global maximum, at its place.
            int argmax = 0;
            for (int i = 1; i < in.length; i++) {
                argmax = in[i] > in[argmax] ? i : argmax;
            }
            float[] expected = new float[256];
            expected[argmax] = in[argmax];
            assertThat(out).containsExactly(expected);
        }
    }

    @Test
    void registryOptionsAreChecked() {
        assertThatThrownBy(() -> registry.create("segnet_basic", ModelArgs.of(11).with("depth", "3")))
                .hasMessage("unknown option 'depth' for segnet_basic; valid options: batch_norm, width");
        assertThatThrownBy(() -> registry.create("segnet", ModelArgs.of(11).with("batch_norm", "false")))
                .hasMessage("unknown option 'batch_norm' for segnet; valid options: width");
        assertThatThrownBy(() -> registry.create("segnet_basic", ModelArgs.of(11).with("batch_norm", "yes")))
                .hasMessage("option batch_norm must be true or false, got 'yes'");
        // width 1/8: 8 channels; hand count as above with 64 -> 8
        long byHand = (3 * 8 * 49 + 8) + 7L * (8 * 8 * 49 + 8) + 8 * 16 + (8 * 11 + 11);
        assertThat(count(registry.create("segnet_basic", ModelArgs.of(11).with("width", "1/8")))).isEqualTo(byHand);
    }

    private static long count(Block block) {
        return ParameterCount.of(block, new Shape(1, 3, 32, 32));
    }
}

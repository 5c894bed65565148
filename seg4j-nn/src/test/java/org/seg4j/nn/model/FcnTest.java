package org.seg4j.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.nn.io.LoadReport;
import org.seg4j.nn.io.Safetensors;
import org.seg4j.nn.io.StateDictNames;
import org.seg4j.nn.io.StateDicts;

/** FCN shapes for any input size, its bilinear/frozen up-sampling, the VGG16 weight surgery, and its size. */
class FcnTest {
    @Test
    void logitsHaveTheInputSizeForAnySize() {
        int[][] sizes = {{1, 1}, {17, 45}, {64, 33}};
        for (Fcn.Variant variant : Fcn.Variant.values()) {
            for (int[] hw : sizes) {
                try (NDManager manager = NDManager.newBaseManager()) {
                    Shape input = new Shape(hw[0] == 1 ? 2 : 1, 3, hw[0], hw[1]);
                    Fcn fcn = Fcn.builder(variant).setNumClasses(4).optWidth(1.0 / 64).build();
                    fcn.initialize(manager, DataType.FLOAT32, input);
                    NDArray out = fcn.forward(new ParameterStore(manager, false),
                            new NDList(manager.randomNormal(input)), false).singletonOrThrow();
                    assertThat(out.getShape()).as(variant + " " + input).isEqualTo(new Shape(input.get(0), 4, hw[0], hw[1]));
                    assertThat(fcn.getOutputShapes(new Shape[] {input})[0]).isEqualTo(out.getShape());
                }
            }
        }
    }

    @Test
    void upsamplingStartsBilinearAndOnlyTheLastIsFrozen() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Fcn fcn = Fcn.builder(Fcn.Variant.FCN8S).setNumClasses(3).optWidth(1.0 / 64).build();
            fcn.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 20, 20));
            Map<String, Parameter> p = StateDictNames.parameters(fcn);
            // FCN's upsample_filt: k = 16 -> factor 8, centre 7.5, 1 - |i - 7.5| / 8 = 1/16, 3/16, ..., 15/16, 15/16, ..., 1/16
            NDArray up8 = p.get("upscore8.weight").getArray();
            assertThat(up8.getShape()).isEqualTo(new Shape(3, 3, 16, 16));
            assertThat(up8.getFloat(1, 1, 0, 0)).isCloseTo(1f / 256, within(1e-7f));
            assertThat(up8.getFloat(2, 2, 7, 8)).isCloseTo(225f / 256, within(1e-7f));
            assertThat(up8.getFloat(2, 2, 3, 15)).isCloseTo(7f / 16 * 1f / 16, within(1e-7f));
            assertThat(up8.getFloat(0, 1, 7, 7)).isZero();
            // k = 4 -> factor 2, centre 1.5: 1/4, 3/4, 3/4, 1/4
            NDArray up2 = p.get("upscore2.weight").getArray();
            assertThat(up2.getFloat(0, 0, 0, 1)).isCloseTo(3f / 16, within(1e-7f));
            assertThat(up2.getFloat(0, 0, 2, 2)).isCloseTo(9f / 16, within(1e-7f));
            assertThat(p).doesNotContainKeys("upscore2.bias", "upscore_pool4.bias", "upscore8.bias");
            assertThat(p.get("upscore8.weight").requiresGradient()).isFalse();
            assertThat(p.get("upscore2.weight").requiresGradient()).isTrue();
            assertThat(p.get("upscore_pool4.weight").requiresGradient()).isTrue();

            // training mode (dropout on): the learnable up-sampling and the skip scores receive gradients
            NDArray x = manager.randomNormal(new Shape(1, 3, 20, 20));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = fcn.forward(new ParameterStore(manager, false), new NDList(x), true)
                        .singletonOrThrow();
                collector.backward(logits.mul(manager.randomNormal(logits.getShape())).sum());
            }
            for (String name : new String[] {"upscore2.weight", "upscore_pool4.weight", "score_pool3.weight",
                    "fc6.weight", "backbone.features.0.weight"}) {
                assertThat(p.get(name).getArray().getGradient().abs().max().getFloat()).as(name).isGreaterThan(0f);
            }
        }
    }

    @Test
    void vggClassifierFc6Fc7BecomeConvolutionsWithTheSameActivations(@TempDir Path dir) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(7);
            Block vgg = Vgg16.builder().optWidth(1.0 / 64).buildClassifier(10);
            vgg.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            for (Parameter q : vgg.getParameters().values()) {
                float[] v = new float[Math.toIntExact(q.getArray().size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (random.nextGaussian() * 0.2);
                }
                q.getArray().set(v);
            }
            Path file = dir.resolve("vgg16.safetensors");
            StateDicts.save(vgg, file, false);
            Safetensors saved = Safetensors.read(file);
            assertThat(saved.names()).contains("features.28.weight", "classifier.0.weight", "classifier.3.bias",
                    "classifier.6.weight");

            Fcn fcn = Fcn.builder(Fcn.Variant.FCN32S).setNumClasses(5).optWidth(1.0 / 64).build();
            fcn.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            LoadReport report = Fcn.loadVggClassifierWeights(fcn, saved);
            assertThat(report.missing()).containsExactly("score_fr.weight", "score_fr.bias", "upscore.weight");
            assertThat(report.ignored()).containsExactly("classifier.6.weight", "classifier.6.bias");
            assertThat(report.unexpected()).isEmpty();
            assertThat(report.loaded()).hasSize(26 + 4);
            Map<String, Parameter> f = StateDictNames.parameters(fcn);
            Map<String, Parameter> v = StateDictNames.parameters(vgg);
            assertThat(f.get("backbone.features.28.weight").getArray().toFloatArray())
                    .containsExactly(v.get("features.28.weight").getArray().toFloatArray());

            // The truth: torchvision's classifier on a flattened 8 x 7 x 7 pool5 map (avgpool to 7x7 is the identity).
            NDArray pool5 = manager.randomNormal(new Shape(1, 8, 7, 7));
            NDArray flat = pool5.reshape(1, 8 * 49);
            NDArray fc6 = linear(flat, v.get("classifier.0.weight"), v.get("classifier.0.bias")).maximum(0f);
            NDArray fc7 = linear(fc6, v.get("classifier.3.weight"), v.get("classifier.3.bias")).maximum(0f);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray conv6 = child(fcn, "fc6").forward(store, new NDList(pool5), false).singletonOrThrow().maximum(0f);
            NDArray conv7 = child(fcn, "fc7").forward(store, new NDList(conv6), false).singletonOrThrow().maximum(0f);
            assertThat(conv7.getShape()).isEqualTo(new Shape(1, 64, 1, 1));
            assertClose(conv6.reshape(1, 64), fc6);
            assertClose(conv7.reshape(1, 64), fc7);
        }
    }

    @Test
    void vggWeightsOfAnotherWidthAreRefusedNamingTheFile(@TempDir Path dir) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block vgg = Vgg16.builder().optWidth(1.0 / 64).buildClassifier(10);
            vgg.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Path file = dir.resolve("narrow.safetensors");
            StateDicts.save(vgg, file, false);
            Fcn fcn = Fcn.builder(Fcn.Variant.FCN8S).setNumClasses(5).optWidth(1.0 / 32).build();
            fcn.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            float[] before = StateDictNames.parameters(fcn).get("backbone.features.0.weight").getArray().toFloatArray();
            assertThatThrownBy(() -> Fcn.loadVggClassifierWeights(fcn, Safetensors.read(file)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(file + ": cannot load classifier.0 into fc6");
            assertThat(StateDictNames.parameters(fcn).get("backbone.features.0.weight").getArray().toFloatArray())
                    .as("nothing written").containsExactly(before);
        }
    }

    @Test
    void fullSizeCountsAreThePyTorchReferencesAndThePapers134M() {
        ModelRegistry registry = ModelRegistry.standard();
        // tools/reference/fcn_deeplab.py prints these for 21 classes
        long fcn32s = count(registry, "fcn32s");
        long fcn16s = count(registry, "fcn16s");
        long fcn8s = count(registry, "fcn8s");
        assertThat(fcn32s).isEqualTo(136_152_917L);
        assertThat(fcn16s).isEqualTo(134_815_994L);
        assertThat(fcn8s).isEqualTo(134_489_759L);
        // by hand: VGG16's convolutions (138,357,544 minus its three Linear layers), fc6, fc7, score_fr
        long convs = 138_357_544L - (25088L * 4096 + 4096) - (4096L * 4096 + 4096) - (4096L * 1000 + 1000);
        long net = convs + (512L * 49 * 4096 + 4096) + (4096L * 4096 + 4096) + (4096L * 21 + 21);
        long upscore = 21L * 21 * 64 * 64;
        long skip4 = 21L * 21 * 4 * 4 + 512 * 21 + 21;
        long skip3 = 21L * 21 * 4 * 4 + 256 * 21 + 21;
        assertThat(fcn32s).isEqualTo(net + upscore);
        assertThat(fcn16s).isEqualTo(net + skip4 + 21L * 21 * 32 * 32);
        assertThat(fcn8s).isEqualTo(net + skip4 + skip3 + 21L * 21 * 16 * 16);
        // FCN paper, Table 1: FCN-VGG16 has 134M parameters (the learned net; FCN-32s's fixed upscore adds 1.8M)
        assertThat(net).isBetween(133_500_000L, 134_500_000L);
    }

    @Test
    void registryBuildsTheVariantsAndRefusesUnknownOptions() {
        ModelRegistry registry = ModelRegistry.standard();
        assertThat(registry.create("fcn16s", ModelArgs.of(3))).isInstanceOf(Fcn.class)
                .extracting(b -> ((Fcn) b).variant()).isEqualTo(Fcn.Variant.FCN16S);
        assertThatThrownBy(() -> registry.create("fcn8s", ModelArgs.of(3).with("output_stride", "8")))
                .hasMessage("unknown option 'output_stride' for fcn8s; valid options: width");
        assertThatThrownBy(() -> Fcn.builder(Fcn.Variant.FCN8S).build()).hasMessageContaining("numClasses");
    }

    private static long count(ModelRegistry registry, String name) {
        return ParameterCount.of(registry.create(name, ModelArgs.of(21)), new Shape(1, 3, 64, 64));
    }

    private static NDArray linear(NDArray x, Parameter weight, Parameter bias) {
        return x.matMul(weight.getArray().transpose()).add(bias.getArray());
    }

    /** The child of {@code block} named {@code name} (DJL prefixes a two-digit position). */
    static Block child(Block block, String name) {
        return block.getChildren().stream().filter(c -> c.getKey().substring(2).equals(name)).findFirst()
                .orElseThrow().getValue();
    }

    private static void assertClose(NDArray actual, NDArray expected) {
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        assertThat(a).hasSameSizeAs(e);
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            worst = Math.max(worst, Math.abs(a[i] - e[i]));
        }
        assertThat(scale).isGreaterThan(0);
        assertThat(worst).isLessThanOrEqualTo(1e-5 * scale);
    }
}

package org.seg4j.nn.model;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Forward passes of reduced-width VGG16, VGG16-BN, ResNet-50 and ResNet-101 (classifiers and backbones) against the
 * same networks in PyTorch 1.13 (tools/reference/backbones.py), weights loaded by state_dict name, batch norm in eval
 * mode with non-trivial running statistics; and one training-mode pass (batch statistics) with its gradients. Tolerance: max |djl - torch| <= 1e-4 * max |torch| per tensor.
 */
class BackbonesVsPyTorchTest {
    private static final String DIR = "/fixtures/backbones/";

    @Test
    void vgg16ClassifierMatchesPyTorch() {
        Block net = Vgg16.builder().optWidth(1.0 / 64).buildClassifier(10);
        checkClassifier(net, "vgg16_w64");
    }

    @Test
    void vgg16BnClassifierMatchesPyTorch() {
        Block net = Vgg16.builder().optBatchNorm(true).optWidth(1.0 / 64).buildClassifier(10);
        checkClassifier(net, "vgg16_bn_w64");
    }

    @Test
    void resnet50ClassifierMatchesPyTorch() {
        checkClassifier(ResNet.builder(50).optWidth(1.0 / 32).buildClassifier(10), "resnet50_w32");
    }

    @Test
    void resnet101ClassifierMatchesPyTorch() {
        checkClassifier(ResNet.builder(101).optWidth(1.0 / 32).buildClassifier(10), "resnet101_w32");
    }

    @Test
    void vggLargeFovBackboneMatchesPyTorch() {
        Backbone b = Vgg16.builder().optWidth(1.0 / 32).optLargeFov(true).buildBackbone("pool3", "conv5", "pool5");
        checkBackbone(b, "vgg16_backbone_w32", "x64", "largefov.");
    }

    @Test
    void vggFcnPaddedBackboneMatchesPyTorch() {
        Backbone b = Vgg16.builder().optWidth(1.0 / 32).optConv1Padding(100).optCeilMode(true)
                .buildBackbone("pool3", "pool4", "pool5");
        checkBackbone(b, "vgg16_backbone_w32", "x32", "fcn.");
    }

    @Test
    void resnet50OutputStride16BackboneMatchesPyTorch() {
        Backbone b = ResNet.builder(50).optWidth(1.0 / 32).optOutputStride(16).buildBackbone("layer1", "layer2", "layer3", "layer4");
        checkBackbone(b, "resnet50_w32", "x", "os16.");
    }

    @Test
    void resnet101OutputStride8BackboneMatchesPyTorch() {
        Backbone b = ResNet.builder(101).optWidth(1.0 / 32).optReplaceStrideWithDilation(false, true, true)
                .buildBackbone("layer1", "layer2", "layer3", "layer4");
        checkBackbone(b, "resnet101_w32", "x", "os8.");
    }

    @Test
    void resnet50TrainingModeForwardAndGradientsMatchPyTorch() {
        Block net = ResNet.builder(50).optWidth(1.0 / 32).buildClassifier(10);
        Map<String, SafetensorsFixture.Tensor> weights = SafetensorsFixture.read(DIR + "resnet50_w32.safetensors");
        Map<String, SafetensorsFixture.Tensor> t = SafetensorsFixture.read(DIR + "resnet50_w32_train.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, t.get("input.x"));
            load(net, manager, x.getShape(), weights, true);
            Map<String, Parameter> params = TorchNames.of(net);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
                assertClose(logits, t.get("output.logits"), "training-mode logits");
                collector.backward(logits.mul(array(manager, t.get("input.r"))).sum());
            }
            for (String name : new String[] {"conv1.weight", "bn1.weight", "layer4.2.conv2.weight", "fc.weight"}) {
                assertClose(params.get(name).getArray().getGradient(), t.get("grad." + name), "d loss / d " + name);
            }
        }
    }

    private static void checkClassifier(Block net, String fixture) {
        Map<String, SafetensorsFixture.Tensor> t = SafetensorsFixture.read(DIR + fixture + ".safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, t.get("input.x"));
            load(net, manager, x.getShape(), t, true);
            NDList out = net.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertClose(out.singletonOrThrow(), t.get("output.logits"), fixture + " logits");
        }
    }

    private static void checkBackbone(Backbone b, String fixture, String input, String prefix) {
        Map<String, SafetensorsFixture.Tensor> t = SafetensorsFixture.read(DIR + fixture + ".safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, t.get("input." + input));
            load(b, manager, x.getShape(), t, false);
            NDList out = b.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertThat(out).hasSize(b.features().size());
            Shape[] predicted = b.getOutputShapes(new Shape[] {x.getShape()});
            for (int i = 0; i < out.size(); i++) {
                FeatureSpec f = b.features().get(i);
                NDArray a = Backbone.feature(out, f.name());
                assertThat(a.getShape()).isEqualTo(predicted[i]);
                assertThat(a.getShape().get(1)).isEqualTo(f.channels());
                assertClose(a, t.get("output." + prefix + f.name()), fixture + " " + prefix + f.name());
            }
        }
    }

    /** Loads every parameter by PyTorch name; the name sets must agree (all of them for a classifier). */
    private static void load(Block net, NDManager manager, Shape input, Map<String, SafetensorsFixture.Tensor> t, boolean exact) {
        net.initialize(manager, DataType.FLOAT32, input);
        Map<String, Parameter> params = TorchNames.of(net);
        TreeSet<String> weights = t.keySet().stream().filter(k -> !k.startsWith("input.") && !k.startsWith("output."))
                .collect(Collectors.toCollection(TreeSet::new));
        if (exact) {
            assertThat(new TreeSet<>(params.keySet())).isEqualTo(weights);
        } else {
            assertThat(weights).containsAll(params.keySet());
        }
        params.forEach((name, p) -> {
            SafetensorsFixture.Tensor w = t.get(name);
            assertThat(p.getArray().getShape()).as(name).isEqualTo(new Shape(w.shape()));
            p.getArray().set(w.data());
        });
    }

    private static NDArray array(NDManager manager, SafetensorsFixture.Tensor t) {
        return manager.create(t.data(), new Shape(t.shape()));
    }

    private static void assertClose(NDArray actual, SafetensorsFixture.Tensor expected, String what) {
        assertThat(actual.getShape()).as(what).isEqualTo(new Shape(expected.shape()));
        float[] a = actual.toFloatArray();
        float[] e = expected.data();
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            worst = Math.max(worst, Math.abs(a[i] - e[i]));
        }
        assertThat(scale).as(what + " is not all zeros").isGreaterThan(0);
        assertThat(worst).as(what + " max abs error (scale " + scale + ")").isLessThanOrEqualTo(1e-4 * scale);
    }
}

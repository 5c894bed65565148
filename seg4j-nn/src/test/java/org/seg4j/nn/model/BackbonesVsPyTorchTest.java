package org.seg4j.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seg4j.nn.model.TorchFixtures.array;
import static org.seg4j.nn.model.TorchFixtures.assertClose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seg4j.nn.io.Safetensors;

/**
 * Forward passes of reduced-width VGG16, VGG16-BN, ResNet-50 and ResNet-101 (classifiers and backbones) against the
 * same networks in PyTorch 1.13 (tools/reference/backbones.py), weights loaded by state_dict name, batch norm in eval
 * mode with non-trivial running statistics; and one training-mode pass (batch statistics) with its gradients.
 * Tolerance: max |djl - torch| <= 1e-4 * max |torch| per tensor.
 */
class BackbonesVsPyTorchTest {
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
        Backbone b = ResNet.builder(50).optWidth(1.0 / 32).optOutputStride(16)
                .buildBackbone("layer1", "layer2", "layer3", "layer4");
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
        Safetensors weights = TorchFixtures.read("backbones", "resnet50_w32");
        Safetensors t = TorchFixtures.read("backbones", "resnet50_w32_train");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, t.tensor("input.x"));
            TorchFixtures.load(net, manager, x.getShape(), weights, true);
            Map<String, Parameter> params = org.seg4j.nn.io.StateDictNames.parameters(net);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
                assertClose(logits, t.tensor("output.logits"), "training-mode logits");
                collector.backward(logits.mul(array(manager, t.tensor("input.r"))).sum());
            }
            for (String name : new String[] {"conv1.weight", "bn1.weight", "layer4.2.conv2.weight", "fc.weight"}) {
                assertClose(params.get(name).getArray().getGradient(), t.tensor("grad." + name), "d loss / d " + name);
            }
        }
    }

    private static void checkClassifier(Block net, String fixture) {
        Safetensors t = TorchFixtures.read("backbones", fixture);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, t.tensor("input.x"));
            TorchFixtures.load(net, manager, x.getShape(), t, true);
            NDList out = net.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertClose(out.singletonOrThrow(), t.tensor("output.logits"), fixture + " logits");
        }
    }

    private static void checkBackbone(Backbone b, String fixture, String input, String prefix) {
        Safetensors t = TorchFixtures.read("backbones", fixture);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, t.tensor("input." + input));
            TorchFixtures.load(b, manager, x.getShape(), t, false);
            NDList out = b.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertThat(out).hasSize(b.features().size());
            Shape[] predicted = b.getOutputShapes(new Shape[] {x.getShape()});
            for (int i = 0; i < out.size(); i++) {
                FeatureSpec f = b.features().get(i);
                NDArray a = Backbone.feature(out, f.name());
                assertThat(a.getShape()).isEqualTo(predicted[i]);
                assertThat(a.getShape().get(1)).isEqualTo(f.channels());
                assertClose(a, t.tensor("output." + prefix + f.name()), fixture + " " + prefix + f.name());
            }
        }
    }
}

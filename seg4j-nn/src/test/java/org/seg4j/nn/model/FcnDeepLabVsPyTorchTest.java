package org.seg4j.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seg4j.nn.model.TorchFixtures.array;
import static org.seg4j.nn.model.TorchFixtures.assertClose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.seg4j.nn.io.LoadReport;
import org.seg4j.nn.io.Safetensors;
import org.seg4j.nn.io.StateDictNames;
import org.seg4j.nn.io.StateDicts;

/**
 * FCN-32s/16s/8s, DeepLab-LargeFOV and DeepLab v2 (VGG16, ResNet-101) at reduced width against the same networks in
 * PyTorch 1.13 (tools/reference/fcn_deeplab.py), eval mode. The backbone weights are backbones.py's fixtures (FCN's
 * fc6/fc7 converted from the VGG16 classifier's Linear layers by {@link Fcn#loadVggClassifierWeights}); the heads,
 * input and output are in fixtures/fcn_deeplab. Every parameter must be loaded exactly once. Tolerance:
 * max |djl - torch| <= 1e-4 * max |torch| per tensor.
 */
class FcnDeepLabVsPyTorchTest {
    @Test
    void fcn32sMatchesPyTorch() {
        checkFcn(Fcn.Variant.FCN32S, "fcn32s_w64");
    }

    @Test
    void fcn16sMatchesPyTorch() {
        checkFcn(Fcn.Variant.FCN16S, "fcn16s_w64");
    }

    @Test
    void fcn8sMatchesPyTorchWithTheInputGradient() {
        Safetensors heads = TorchFixtures.read("fcn_deeplab", "fcn8s_w64");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, heads.tensor("input.x"));
            Fcn fcn = loadFcn(Fcn.Variant.FCN8S, manager, x.getShape(), heads);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = fcn.forward(new ParameterStore(manager, false), new NDList(x), false)
                        .singletonOrThrow();
                assertClose(logits, heads.tensor("output.logits"), "fcn8s logits");
                collector.backward(logits.mul(array(manager, heads.tensor("input.r"))).sum());
            }
            assertClose(x.getGradient(), heads.tensor("output.grad_x"), "fcn8s d sum(logits r) / d x");
        }
    }

    @Test
    void deepLabLargeFovMatchesPyTorch() {
        checkDeepLab(DeepLab.largeFov(3, 1.0 / 32), "deeplab_largefov_w32", "vgg16_backbone_w32");
    }

    @Test
    void deepLabV2Vgg16MatchesPyTorch() {
        checkDeepLab(DeepLab.v2Vgg16(3, 1.0 / 32), "deeplabv2_vgg16_w32", "vgg16_backbone_w32");
    }

    @Test
    void deepLabV2ResNet101MatchesPyTorch() {
        checkDeepLab(DeepLab.v2ResNet101(3, 1.0 / 32, 8), "deeplabv2_resnet101_w32", "resnet101_w32");
    }

    private static void checkFcn(Fcn.Variant variant, String name) {
        Safetensors heads = TorchFixtures.read("fcn_deeplab", name);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, heads.tensor("input.x"));
            Fcn fcn = loadFcn(variant, manager, x.getShape(), heads);
            NDArray logits = fcn.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            assertClose(logits, heads.tensor("output.logits"), name + " logits");
        }
    }

    private static Fcn loadFcn(Fcn.Variant variant, NDManager manager, Shape input, Safetensors heads) {
        Fcn fcn = Fcn.builder(variant).setNumClasses(3).optWidth(1.0 / 64).build();
        fcn.initialize(manager, DataType.FLOAT32, input);
        LoadReport vgg = Fcn.loadVggClassifierWeights(fcn, TorchFixtures.read("backbones", "vgg16_w64"));
        assertThat(vgg.unexpected()).isEmpty();
        assertThat(vgg.ignored()).contains("classifier.6.weight", "classifier.6.bias")
                .noneMatch(k -> k.startsWith("features.") || k.startsWith("classifier.0.") || k.startsWith("classifier.3."));
        assertAllLoadedOnce(fcn, List.of(vgg, StateDicts.load(fcn, heads, false, UnaryOperator.identity())));
        return fcn;
    }

    private static void checkDeepLab(DeepLab net, String name, String backboneFixture) {
        Safetensors heads = TorchFixtures.read("fcn_deeplab", name);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, heads.tensor("input.x"));
            net.initialize(manager, DataType.FLOAT32, x.getShape());
            Safetensors backbone = TorchFixtures.read("backbones", backboneFixture);
            assertAllLoadedOnce(net, List.of(
                    StateDicts.load(net, backbone, false, StateDicts.addPrefix("backbone.")),
                    StateDicts.load(net, heads, false, UnaryOperator.identity())));
            NDArray logits = net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            assertThat(logits.getShape()).isEqualTo(net.getOutputShapes(new Shape[] {x.getShape()})[0]);
            assertClose(logits, heads.tensor("output.logits"), name + " logits");
        }
    }

    /** The loads together cover every parameter of the block, none twice. */
    private static void assertAllLoadedOnce(Block block, List<LoadReport> reports) {
        List<String> loaded = new ArrayList<>();
        reports.forEach(r -> loaded.addAll(r.loaded()));
        assertThat(loaded).containsExactlyInAnyOrderElementsOf(StateDictNames.keys(block));
    }
}

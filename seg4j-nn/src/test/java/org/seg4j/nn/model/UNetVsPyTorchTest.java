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
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.seg4j.nn.io.LoadReport;
import org.seg4j.nn.io.Safetensors;
import org.seg4j.nn.io.StateDicts;

/**
 * Reduced U-Nets against the PyTorch 1.13 reference tools/reference/unet.py (weights loaded strictly by state_dict
 * name, batch norm in eval mode with non-trivial running statistics), on input sizes that need the reflection padding
 * and the crop back. Tolerance: max |djl - torch| &lt;= 1e-4 * max |torch| per tensor.
 */
class UNetVsPyTorchTest {
    @Test
    void sameTransposedMatchesPyTorchWithInputGradient() {
        UNet net = UNet.builder().setNumClasses(2).optBase(4).optDepth(3).build();
        Safetensors t = TorchFixtures.read("unet", "unet_same_transposed_b4d3");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, t.tensor("input.x"));
            load(net, manager, x.getShape(), t);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
                assertClose(logits, t.tensor("output.logits"), "logits");
                collector.backward(logits.mul(array(manager, t.tensor("input.r"))).sum());
            }
            assertClose(x.getGradient(), t.tensor("grad.x"), "d loss / d x");
        }
    }

    @Test
    void validBilinearBatchNormMatchesPyTorch() {
        UNet net = UNet.builder().setNumClasses(2).optBase(2).optDepth(3).optPadding(UNet.Padding.VALID)
                .optUpSampling(UNet.UpSampling.BILINEAR).optBatchNorm(true).build();
        check(net, "unet_valid_bilinear_bn_b2d3");
    }

    @Test
    void validTransposedDepth4MatchesPyTorch() {
        UNet net = UNet.builder().setNumClasses(2).optBase(2).optPadding(UNet.Padding.VALID).build();
        check(net, "unet_valid_transposed_b2d4");
    }

    private static void check(UNet net, String name) {
        Safetensors t = TorchFixtures.read("unet", name);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, t.tensor("input.x"));
            load(net, manager, x.getShape(), t);
            NDArray logits = net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            assertClose(logits, t.tensor("output.logits"), name + " logits");
        }
    }

    /** Strict load: every parameter of the block is in the file and every weight of the file is in the block. */
    private static void load(UNet net, NDManager manager, Shape input, Safetensors t) {
        net.initialize(manager, DataType.FLOAT32, input);
        LoadReport report = StateDicts.load(net, t, true, k -> k.contains(".") && !k.startsWith("input.")
                && !k.startsWith("output.") && !k.startsWith("grad.") ? k : null);
        assertThat(report.loaded()).isNotEmpty();
    }
}

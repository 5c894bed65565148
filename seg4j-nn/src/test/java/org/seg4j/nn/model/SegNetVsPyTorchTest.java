package org.seg4j.nn.model;

import static org.seg4j.nn.model.TorchFixtures.array;
import static org.seg4j.nn.model.TorchFixtures.assertClose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.seg4j.nn.io.Safetensors;

/**
 * SegNet-Basic (width 1/8) and SegNet (width 1/16) against the PyTorch 1.13 reference of tools/reference/segnet.py
 * ({@code nn.MaxPool2d(return_indices=True, ceil_mode=True)} + {@code F.max_unpool2d}): weights loaded strictly by
 * state_dict name, BatchNorm in eval mode with non-trivial running statistics, odd input sizes (so the ceil-mode
 * poolings and the unpooling to the recorded sizes are exercised). Also SegNet-Basic's input gradient and a
 * training-mode (batch statistics) forward pass. Tolerance: max |djl - torch| <= 1e-4 * max |torch| per tensor.
 */
class SegNetVsPyTorchTest {
    @Test
    void segnetBasicEvalLogitsAndInputGradientMatchPyTorch() {
        Safetensors t = TorchFixtures.read("segnet", "segnet_basic_w8");
        SegNet net = SegNet.basicBuilder().setNumClasses(5).optWidth(1.0 / 8).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, t.tensor("input.x"));
            TorchFixtures.load(net, manager, x.getShape(), t, true);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
                assertClose(logits, t.tensor("output.logits"), "output.logits");
                collector.backward(logits.mul(array(manager, t.tensor("input.r"))).sum());
            }
            assertClose(x.getGradient(), t.tensor("grad.x"), "grad.x");
        }
    }

    @Test
    void segnetBasicTrainingModeForwardMatchesPyTorch() {
        Safetensors t = TorchFixtures.read("segnet", "segnet_basic_w8");
        SegNet net = SegNet.basicBuilder().setNumClasses(5).optWidth(1.0 / 8).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, t.tensor("input.x_train"));
            TorchFixtures.load(net, manager, x.getShape(), t, true);
            NDArray logits = net.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
            assertClose(logits, t.tensor("output.logits_train"), "output.logits_train");
        }
    }

    @Test
    void segnetEvalLogitsMatchPyTorch() {
        Safetensors t = TorchFixtures.read("segnet", "segnet_w16");
        SegNet net = SegNet.builder().setNumClasses(5).optWidth(1.0 / 16).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, t.tensor("input.x"));
            TorchFixtures.load(net, manager, x.getShape(), t, true);
            NDArray logits = net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            assertClose(logits, t.tensor("output.logits"), "output.logits");
        }
    }
}

package org.seg4j.nn.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.seg4j.nn.io.LoadReport;
import org.seg4j.nn.io.Safetensors;
import org.seg4j.nn.io.StateDicts;
import org.seg4j.nn.io.StoredTensor;

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
        Safetensors t = fixture("segnet_basic_w8.safetensors");
        SegNet net = SegNet.basicBuilder().setNumClasses(5).optWidth(1.0 / 8).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, t, "input.x");
            load(net, manager, x.getShape(), t);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
                assertClose(logits, t, "output.logits");
                collector.backward(logits.mul(array(manager, t, "input.r")).sum());
            }
            assertClose(x.getGradient(), t, "grad.x");
        }
    }

    @Test
    void segnetBasicTrainingModeForwardMatchesPyTorch() {
        Safetensors t = fixture("segnet_basic_w8.safetensors");
        SegNet net = SegNet.basicBuilder().setNumClasses(5).optWidth(1.0 / 8).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, t, "input.x_train");
            load(net, manager, x.getShape(), t);
            NDArray logits = net.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
            assertClose(logits, t, "output.logits_train");
        }
    }

    @Test
    void segnetEvalLogitsMatchPyTorch() {
        Safetensors t = fixture("segnet_w16.safetensors");
        SegNet net = SegNet.builder().setNumClasses(5).optWidth(1.0 / 16).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = array(manager, t, "input.x");
            load(net, manager, x.getShape(), t);
            NDArray logits = net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            assertClose(logits, t, "output.logits");
        }
    }

    /** Strict load: every parameter of the block is in the file and every weight of the file is in the block. */
    private static void load(Block net, NDManager manager, Shape input, Safetensors t) {
        net.initialize(manager, DataType.FLOAT32, input);
        LoadReport report = StateDicts.load(net, t, true,
                k -> k.startsWith("input.") || k.startsWith("output.") || k.startsWith("grad.") ? null : k);
        assertThat(report.loaded()).isNotEmpty();
    }

    static Safetensors fixture(String name) {
        try {
            return Safetensors.read(Path.of(SegNetVsPyTorchTest.class.getResource("/fixtures/segnet/" + name).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NDArray array(NDManager manager, Safetensors t, String name) {
        StoredTensor s = t.tensor(name);
        return manager.create(s.toFloats(), new Shape(s.shape()));
    }

    private static void assertClose(NDArray actual, Safetensors t, String name) {
        StoredTensor expected = t.tensor(name);
        assertThat(actual.getShape()).as(name).isEqualTo(new Shape(expected.shape()));
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloats();
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            worst = Math.max(worst, Math.abs(a[i] - e[i]));
        }
        assertThat(scale).as(name + " is not all zeros").isGreaterThan(0);
        assertThat(worst).as(name + " max abs error (scale " + scale + ")").isLessThanOrEqualTo(1e-4 * scale);
    }
}

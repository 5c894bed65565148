package org.seg4j.nn.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.seg4j.nn.io.LoadReport;
import org.seg4j.nn.io.Safetensors;
import org.seg4j.nn.io.StateDicts;
import org.seg4j.nn.io.StoredTensor;

/**
 * The PyTorch reference fixtures of tools/reference/*.py: safetensors files holding a network's weights under their
 * state_dict names, its inputs ({@code input.*}) and outputs ({@code output.*}, {@code grad.*}). Comparisons use
 * max |djl - torch| <= 1e-4 * max |torch| per tensor.
 */
final class TorchFixtures {
    private TorchFixtures() {
    }

    static Path path(String dir, String name) {
        URL url = TorchFixtures.class.getResource("/fixtures/" + dir + "/" + name + ".safetensors");
        assertThat(url).as("fixture " + dir + "/" + name).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Safetensors read(String dir, String name) {
        return Safetensors.read(path(dir, name));
    }

    static NDArray array(NDManager manager, StoredTensor t) {
        return manager.create(t.toFloats(), new Shape(t.shape()));
    }

    /**
     * Initialises {@code net} for {@code input} and loads the fixture's weights by name: every parameter of the net
     * must be in the file, and with {@code exact} every weight in the file must be in the net.
     */
    static void load(Block net, NDManager manager, Shape input, Safetensors t, boolean exact) {
        net.initialize(manager, DataType.FLOAT32, input);
        LoadReport report = StateDicts.load(net, t, false,
                k -> k.startsWith("input.") || k.startsWith("output.") || k.startsWith("grad.") ? null : k);
        assertThat(report.missing()).as("parameters missing from the fixture").isEmpty();
        if (exact) {
            assertThat(report.unexpected()).as("fixture weights the net does not have").isEmpty();
        }
    }

    static void assertClose(NDArray actual, StoredTensor expected, String what) {
        assertThat(actual.getShape()).as(what).isEqualTo(new Shape(expected.shape()));
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloats();
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

package org.seg4j.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;

class StateDictsTest {
    @TempDir
    Path dir;

    /** Output against PyTorch's (float32 both sides): 1e-5 absolute plus 1e-4 relative. */
    static void assertMatches(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i],
                    within(1e-5f + 1e-4f * Math.abs(expected[i])));
        }
    }

    static float[] run(Block block, NDManager manager, Path io) {
        Safetensors st = Safetensors.read(io);
        NDArray x = manager.create(st.tensor("input").toFloats(), new Shape(st.tensor("input").shape()));
        return TestNets.forward(block, manager, x).toFloatArray();
    }

    /** The batch-norm test net with the PyTorch fixture's weights. */
    private static TestNets.BnNet pytorchBnNet(NDManager manager) {
        TestNets.BnNet net = TestNets.initialized(new TestNets.BnNet(2), manager, 3);
        StateDicts.load(net, Fixtures.weights("bn_net.safetensors"), true);
        return net;
    }

    @Test
    void pytorchBatchNormNetLoadsByNameAndReproducesItsOutput() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TestNets.BnNet net = TestNets.initialized(new TestNets.BnNet(2), manager, 3);
            LoadReport report = StateDicts.load(net, Fixtures.weights("bn_net.safetensors"), true);
            assertThat(report.loaded()).hasSize(7);
            assertThat(report.missing()).isEmpty();
            assertThat(report.unexpected()).isEmpty();
            assertThat(report.ignored()).containsExactly("features.1.num_batches_tracked");
            Path io = Fixtures.weights("bn_net_io.safetensors");
            assertMatches(run(net, manager, io), Safetensors.read(io).tensor("output").toFloats());
        }
    }

    @Test
    void renameLoadsAPlainStateDictIntoANestedBackboneAndCanDropKeys() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TestNets.Wrapper net = TestNets.initialized(new TestNets.Wrapper(new TestNets.BnNet(2)), manager, 3);
            Safetensors weights = Safetensors.read(Fixtures.weights("bn_net.safetensors"));
            assertThatThrownBy(() -> StateDicts.load(net, weights, true, k -> k)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("7 missing (in the model, not in the file): backbone.features.0.weight");
            LoadReport report = StateDicts.load(net, weights, true, StateDicts.addPrefix("backbone."));
            assertThat(report.isComplete()).isTrue();
            Path io = Fixtures.weights("bn_net_io.safetensors");
            assertMatches(run(net, manager, io), Safetensors.read(io).tensor("output").toFloats());

            // a rename returning null drops a key: the classifier stays as it is and is reported missing
            LoadReport partial = StateDicts.load(net, weights, false,
                    k -> k.startsWith("classifier.") ? null : "backbone." + k);
            assertThat(partial.ignored()).containsExactly("features.1.num_batches_tracked", "classifier.weight",
                    "classifier.bias");
            assertThat(partial.missing()).containsExactly("backbone.classifier.weight", "backbone.classifier.bias");
            assertThat(StateDicts.stripPrefix("module.").apply("module.features.0.weight")).isEqualTo("features.0.weight");
            assertThat(StateDicts.stripPrefix("module.").apply("head.bias")).isEqualTo("head.bias");
        }
    }

    @Test
    void missingAndUnexpectedKeysAreReportedAndStrictModeLeavesTheBlockUntouched() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TestNets.BnNet net = TestNets.initialized(new TestNets.BnNet(3), manager, 3);
            float[] before = StateDictNames.parameters(net).get("classifier.weight").getArray().toFloatArray();
            Path tiny = Fixtures.weights("tiny_seg.safetensors"); // keys 0.weight 0.bias 2.weight 2.bias
            assertThatThrownBy(() -> StateDicts.load(net, tiny, true)).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(tiny + ": the weights do not match the model: 0 loaded, 7 missing")
                    .hasMessageContaining("4 unexpected (in the file, not in the model): 0.weight, 0.bias, 2.weight, 2.bias");
            assertThat(StateDictNames.parameters(net).get("classifier.weight").getArray().toFloatArray()).containsExactly(before);

            LoadReport report = StateDicts.load(net, tiny, false);
            assertThat(report.loaded()).isEmpty();
            assertThat(report.missing()).containsExactly("features.0.weight", "features.1.weight", "features.1.bias",
                    "features.1.running_mean", "features.1.running_var", "classifier.weight", "classifier.bias");
            assertThat(report.unexpected()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
            assertThat(report.isComplete()).isFalse();
        }
    }

    @Test
    void shapeMismatchNamesTheKeyAndBothShapesInEitherMode() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TestNets.BnNet net = TestNets.initialized(new TestNets.BnNet(5), manager, 3); // PyTorch's has 2 classes
            Path file = Fixtures.weights("bn_net.safetensors");
            for (boolean strict : new boolean[] {true, false}) {
                assertThatThrownBy(() -> StateDicts.load(net, file, strict)).isInstanceOf(BadInputException.class)
                        .hasMessage(file + ": tensor 'classifier.weight' has shape [2, 4, 1, 1] but the model's "
                                + "parameter has shape [5, 4, 1, 1]");
            }
        }
    }

    @Test
    void savedStateDictRoundTripsExactlyInFloat32AndWithinHalfPrecisionInFloat16() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TestNets.BnNet source = pytorchBnNet(manager);
            Path f32 = dir.resolve("f32.safetensors");
            Path f16 = dir.resolve("f16.safetensors");
            StateDicts.save(source, f32, false);
            StateDicts.save(source, f16, true);
            Safetensors reference = Safetensors.read(Fixtures.weights("bn_net.safetensors"));
            Safetensors exact = Safetensors.read(f32);
            Safetensors half = Safetensors.read(f16);
            assertThat(exact.names()).containsExactlyElementsOf(StateDictNames.keys(source));
            for (String key : exact.names()) {
                float[] truth = reference.tensor(key).toFloats();
                assertThat(exact.tensor(key).shape()).containsExactly(reference.tensor(key).shape());
                assertThat(exact.tensor(key).toFloats()).as(key).containsExactly(truth);
                assertThat(half.tensor(key).dtype()).isEqualTo(DType.F16);
                float[] h = half.tensor(key).toFloats();
                for (int i = 0; i < truth.length; i++) {
                    assertThat(h[i]).as(key).isCloseTo(truth[i], within(1e-3f * Math.abs(truth[i]) + 1e-7f));
                }
            }
            // the saved file loads into a fresh net, which then gives PyTorch's output
            TestNets.BnNet copy = TestNets.initialized(new TestNets.BnNet(2), manager, 3);
            StateDicts.load(copy, f32, true);
            Path io = Fixtures.weights("bn_net_io.safetensors");
            assertMatches(run(copy, manager, io), Safetensors.read(io).tensor("output").toFloats());
        }
    }

    @Test
    void uninitializedBlockIsAProgrammingError() {
        assertThatThrownBy(() -> StateDicts.load(TestNets.tinySeg(3), Fixtures.weights("tiny_seg.safetensors"), true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'0.weight' is not initialized");
    }

    @Test
    void listsOnlyTheFirstTenKeysOfALongReport() {
        List<String> keys = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "k" + i).toList();
        assertThat(new LoadReport(List.of(), keys, List.of(), List.of()).summary())
                .isEqualTo("0 loaded, 12 missing (in the model, not in the file): k0, k1, k2, k3, k4, k5, k6, k7, k8, "
                        + "k9, ..., 0 unexpected (in the file, not in the model), 0 ignored");
    }

    /** Issue 13: a diverged run wrote NaN weights, and predict ran them (class 0 everywhere) without a word. */
    @Test
    void nonFiniteWeightsAreNeitherSavedNorLoaded() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TestNets.BnNet net = pytorchBnNet(manager);
            Path good = dir.resolve("good.safetensors");
            StateDicts.save(net, good, false);
            java.util.Map<String, ai.djl.nn.Parameter> params = StateDictNames.parameters(net);
            String key = params.keySet().iterator().next();
            NDArray weight = params.get(key).getArray();
            float[] before = weight.toFloatArray();
            float[] broken = before.clone();
            broken[1] = Float.NaN;
            weight.set(broken);
            Path bad = dir.resolve("bad.safetensors");
            assertThatThrownBy(() -> StateDicts.save(net, bad, false)).isInstanceOf(NonFiniteWeightsException.class)
                    .hasMessage("tensor '" + key + "' holds NaN at index 1 of " + before.length);
            assertThat(bad).doesNotExist();

            Safetensors stored = Safetensors.read(good);
            SafetensorsWriter writer = new SafetensorsWriter();
            for (String name : stored.names()) {
                float[] values = stored.tensor(name).toFloats();
                if (name.equals(key)) {
                    values[2] = Float.NEGATIVE_INFINITY;
                }
                writer.addFloats(name, stored.tensor(name).shape(), values, DType.F32);
            }
            writer.write(bad);
            weight.set(before);
            assertThatThrownBy(() -> StateDicts.load(net, bad, true)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining(bad + ": tensor '" + key + "' holds -Infinity at index 2")
                    .hasMessageContaining("not finite");
            assertThat(weight.toFloatArray()).as("a refused load writes nothing").containsExactly(before);
        }
    }
}

package org.seg4j.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.image.Normalization;
import org.seg4j.label.BuiltinLabelSpecs;
import org.seg4j.label.LabelSpecJson;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.model.ModelRegistry;

class ModelFileTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private static ModelCard card(String architecture) {
        ObjectNode metrics = MAPPER.createObjectNode().put("mIoU", 0.625).put("pixelAccuracy", 0.91);
        ObjectNode training = MAPPER.createObjectNode().put("epochs", 3).put("seed", 42);
        return new ModelCard(architecture, 2, 3, Map.of("width", "4", "bn", "true"), BuiltinLabelSpecs.binary(),
                new Normalization(new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.2f, 0.25f, 0.125f}),
                new ModelCard.Provenance("folder:/data/cells", metrics, training));
    }

    /** BnNet with the PyTorch weights of bn_net.safetensors. */
    private static TestNets.BnNet pytorchBnNet(NDManager manager) {
        TestNets.BnNet net = TestNets.initialized(new TestNets.BnNet(2), manager, 3);
        StateDicts.load(net, Fixtures.weights("bn_net.safetensors"), true);
        return net;
    }

    @Test
    void cardAndWeightsRoundTrip() {
        Path file = dir.resolve("bn.seg4j.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelFile.save(file, card("bnnet"), pytorchBnNet(manager), false);
        }
        ModelFile read = ModelFile.read(file);
        ModelCard c = read.card();
        assertThat(c.architecture()).isEqualTo("bnnet");
        assertThat(c.numClasses()).isEqualTo(2);
        assertThat(c.inChannels()).isEqualTo(3);
        assertThat(c.options()).containsExactly(Map.entry("bn", "true"), Map.entry("width", "4"));
        assertThat(LabelSpecJson.toJson(c.labels())).isEqualTo(LabelSpecJson.toJson(BuiltinLabelSpecs.binary()));
        assertThat(c.normalization().mean()).containsExactly(0.5f, 0.4f, 0.3f);
        assertThat(c.normalization().std()).containsExactly(0.2f, 0.25f, 0.125f);
        assertThat(c.provenance().dataset()).isEqualTo("folder:/data/cells");
        assertThat(c.provenance().metrics().get("mIoU").asDouble()).isEqualTo(0.625);
        assertThat(c.provenance().training().get("seed").asInt()).isEqualTo(42);
        // the weights are the PyTorch state_dict under its own keys (no num_batches_tracked), values unchanged
        Safetensors reference = Safetensors.read(Fixtures.weights("bn_net.safetensors"));
        assertThat(read.weights().names()).containsExactlyElementsOf(reference.names().stream()
                .filter(k -> !k.endsWith("num_batches_tracked")).toList());
        for (String key : read.weights().names()) {
            assertThat(read.weights().tensor(key).toFloats()).as(key).containsExactly(reference.tensor(key).toFloats());
        }
        assertThat(read.requireArchitecture("bnnet")).isSameAs(read);
    }

    @Test
    void openedModelFileReproducesPyTorchInFloat32AndFloat16() throws IOException {
        Path f32 = dir.resolve("f32.safetensors");
        Path f16 = dir.resolve("f16.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            TestNets.BnNet net = pytorchBnNet(manager);
            ModelFile.save(f32, card("bnnet"), net, false);
            ModelFile.save(f16, card("bnnet"), net, true);
        }
        assertThat(Files.size(f16)).isLessThan(Files.size(f32));
        Safetensors io = Safetensors.read(Fixtures.weights("bn_net_io.safetensors"));
        float[] expected = io.tensor("output").toFloats();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(io.tensor("input").toFloats(), new Shape(io.tensor("input").shape()));
            // the factory returns an uninitialised block, as a registry does: ModelFile initialises it
            ModelRegistry bnNet = TestNets.registry("bnnet", args -> new TestNets.BnNet(args.numClasses()));
            try (SegmentationModel model = SegmentationModel.open(f32, bnNet)) {
                StateDictsTest.assertMatches(model.logits(x).toFloatArray(), expected);
                assertThat(model.labels().classNames()).containsExactly("background", "foreground");
                assertThat(model.normalization().std()).containsExactly(0.2f, 0.25f, 0.125f);
            }
            try (SegmentationModel model = SegmentationModel.open(f16, bnNet)) {
                float[] actual = model.logits(x).toFloatArray();
                float scale = 0;
                for (float v : expected) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < expected.length; i++) {
                    // float16 weights (relative error <= 2^-11 each) through 2 layers: well within 1% of the range
                    assertThat(actual[i]).isCloseTo(expected[i], within(0.01f * scale));
                }
            }
        }
    }

    @Test
    void anotherArchitectureIsRefusedByNameAndByWeights() {
        Path file = dir.resolve("m.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelFile.save(file, card("bnnet"), pytorchBnNet(manager), false);
            assertThatThrownBy(() -> ModelFile.read(file).requireArchitecture("unet"))
                    .isInstanceOf(BadInputException.class).hasMessage(file + ": holds a 'bnnet' model, expected 'unet'");
            // a factory that builds something else: the strict load names the architecture and the key problem
            assertThatThrownBy(() -> ModelFile.read(file).load(manager, c -> TestNets.tinySeg(c.numClasses())))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(file + ": weights do not fit architecture 'bnnet' with 2 classes, 3 input "
                            + "channels and options {bn=true, width=4}: the weights do not match the model: 0 loaded, "
                            + "4 missing (in the model, not in the file): 0.weight, 0.bias, 2.weight, 2.bias");
        }
    }

    @Test
    void truncatedModelFile() throws IOException {
        Path file = dir.resolve("m.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelFile.save(file, card("bnnet"), pytorchBnNet(manager), false);
        }
        byte[] b = Files.readAllBytes(file);
        Path cut = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(b, b.length - 5));
        assertThatThrownBy(() -> ModelFile.read(cut)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(cut + ": tensor 'classifier.bias' ends at byte")
                .hasMessageEndingWith("the file is truncated");
        Path headerOnly = Files.write(dir.resolve("head.safetensors"), Arrays.copyOf(b, 100));
        assertThatThrownBy(() -> ModelFile.read(headerOnly)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("runs past the end of the file (100 bytes)");
    }

    @Test
    void plainSafetensorsFileIsNamedAsSuchWithTheImportPath() {
        Path plain = Fixtures.weights("bn_net.safetensors");
        assertThatThrownBy(() -> ModelFile.read(plain)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(plain + ": a plain safetensors file, not a seg4j model file")
                .hasMessageContaining("StateDicts.load");
    }

    @Test
    void metadataOfAnotherVersionOrBrokenIsRefused() {
        ObjectNode json = ModelCardJson.toJson(card("bnnet"));
        json.put("version", 2);
        Path newer = dir.resolve("v2.safetensors");
        new SafetensorsWriter().metadata("seg4j", json.toString()).write(newer);
        assertThatThrownBy(() -> ModelFile.read(newer)).isInstanceOf(BadInputException.class)
                .hasMessage(newer + ": seg4j metadata: model file version 2 is not supported: this seg4j reads "
                        + "version 1 (the file was written by a newer seg4j)");

        Path broken = dir.resolve("broken.safetensors");
        new SafetensorsWriter().metadata("seg4j", "{\"format\": ").write(broken);
        assertThatThrownBy(() -> ModelFile.read(broken)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(broken + ": seg4j metadata is not valid JSON");

        ObjectNode noLabels = ModelCardJson.toJson(card("bnnet"));
        noLabels.remove("labels");
        Path incomplete = dir.resolve("incomplete.safetensors");
        new SafetensorsWriter().metadata("seg4j", noLabels.toString()).write(incomplete);
        assertThatThrownBy(() -> ModelFile.read(incomplete)).isInstanceOf(BadInputException.class)
                .hasMessage(incomplete + ": seg4j metadata: \"labels\" is missing or not an object");
    }

    @Test
    void cardClassCountMustMatchTheLabelSpec() {
        assertThatThrownBy(() -> new ModelCard("x", 3, 3, Map.of(), BuiltinLabelSpecs.binary(),
                Normalization.imagenet(), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("numClasses 3 differs from the label spec's 2 classes");
    }

    @Test
    void inputScaleRoundTripsAndDefaultsToOneForCardsWithoutIt() {
        ModelCard c = card("bnnet");
        ModelCard half = new ModelCard(c.architecture(), c.numClasses(), c.inChannels(), c.options(), c.labels(),
                c.normalization(), c.provenance(), 0.5);
        Path file = dir.resolve("half.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelFile.save(file, half, pytorchBnNet(manager), false);
        }
        assertThat(ModelFile.read(file).card().inputScale()).isEqualTo(0.5);

        ObjectNode older = ModelCardJson.toJson(c);
        older.remove("inputScale");
        Path written = dir.resolve("older.safetensors");
        new SafetensorsWriter().metadata("seg4j", older.toString()).write(written);
        assertThat(ModelFile.read(written).card().inputScale()).isEqualTo(1.0);

        ObjectNode wrong = ModelCardJson.toJson(c).put("inputScale", "half");
        Path bad = dir.resolve("bad-scale.safetensors");
        new SafetensorsWriter().metadata("seg4j", wrong.toString()).write(bad);
        assertThatThrownBy(() -> ModelFile.read(bad)).isInstanceOf(BadInputException.class)
                .hasMessage(bad + ": seg4j metadata: \"inputScale\" is not a number");
        assertThatThrownBy(() -> new ModelCard(c.architecture(), c.numClasses(), c.inChannels(), c.options(),
                c.labels(), c.normalization(), c.provenance(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

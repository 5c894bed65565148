package org.seg4j.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.image.Normalization;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.infer.ExternalModels;
import org.seg4j.nn.infer.SegmentationModel;

/** The tiny 2-layer net of external_models.py, as TorchScript and seg4j model file, against PyTorch (ONNX: seg4j-onnx). */
class ExternalModelsTest {
    private static final LabelSpec CAMVID3 = LabelSpec.builder("three").addClass("a", 0xFF0000)
            .addClass("b", 0x00FF00).addClass("c", 0x0000FF).build();

    @TempDir
    Path dir;

    private static void assertReproducesPyTorch(SegmentationModel model) {
        Safetensors io = Safetensors.read(Fixtures.weights("tiny_seg_io.safetensors"));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(io.tensor("input").toFloats(), new Shape(io.tensor("input").shape()));
            NDArray logits = model.logits(x);
            assertThat(logits.getShape()).isEqualTo(new Shape(1, 3, 6, 5));
            assertThat(logits.getManager().getEngine()).isSameAs(manager.getEngine());
            StateDictsTest.assertMatches(logits.toFloatArray(), io.tensor("output").toFloats());
        }
    }

    @Test
    void torchScriptModel() {
        try (SegmentationModel m = ExternalModels.torchScript(Fixtures.weights("tiny_seg.pt"), CAMVID3,
                Normalization.imagenet())) {
            assertReproducesPyTorch(m);
            assertThat(m.labels()).isSameAs(CAMVID3);
        }
    }

    @Test
    void seg4jModelFileBehindTheSameInterface() {
        Path file = dir.resolve("tiny.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            var net = TestNets.initialized(TestNets.tinySeg(3), manager, 3);
            StateDicts.load(net, Fixtures.weights("tiny_seg.safetensors"), true);
            ModelFile.save(file, new ModelCard("tiny", 3, 3, Map.of(), CAMVID3, Normalization.imagenet(), null), net,
                    false);
            try (SegmentationModel m = SegmentationModel.open(file,
                    TestNets.registry("tiny", args -> TestNets.tinySeg(args.numClasses())))) {
                assertReproducesPyTorch(m);
            }
        }
    }

    @Test
    void missingOrWrongFiles() {
        Path absent = dir.resolve("absent.pt");
        assertThatThrownBy(() -> ExternalModels.torchScript(absent, CAMVID3, Normalization.imagenet()))
                .isInstanceOf(BadInputException.class).hasMessage(absent + ": TorchScript model file does not exist");
        Path notTorchScript = Fixtures.weights("known_values.safetensors");
        assertThatThrownBy(() -> ExternalModels.torchScript(notTorchScript, CAMVID3, Normalization.imagenet()))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith(notTorchScript + ": ");
    }
}

package org.seg4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.image.Normalization;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.io.Safetensors;
import org.seg4j.testing.SharedData;

/** The tiny 2-layer net of tools/reference/external_models.py as {@code torch.onnx.export} wrote it, against PyTorch. */
class OnnxModelsTest {
    private static final LabelSpec THREE = LabelSpec.builder("three").addClass("a", 0xFF0000)
            .addClass("b", 0x00FF00).addClass("c", 0x0000FF).build();

    @TempDir
    Path dir;

    private static Path fixture(String name) {
        return SharedData.repoRoot().resolve("seg4j-onnx/src/test/resources/fixtures/weights/" + name);
    }

    @Test
    void onnxRuntimeOnTheClasspathLeavesPyTorchTheDefaultEngine() {
        // DJL makes the engine of lowest rank the default: PyTorch 2, OnnxRuntime 10
        assertThat(Engine.getInstance().getEngineName()).isEqualTo("PyTorch");
        assertThat(Engine.getAllEngines()).contains("PyTorch", OnnxModels.ENGINE);
    }

    @Test
    void reproducesPyTorch() {
        Safetensors io = Safetensors.read(fixture("tiny_seg_io.safetensors"));
        try (SegmentationModel m = OnnxModels.open(fixture("tiny_seg.onnx"), THREE, Normalization.imagenet());
                NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(io.tensor("input").toFloats(), new Shape(io.tensor("input").shape()));
            NDArray logits = m.logits(x);
            assertThat(logits.getShape()).isEqualTo(new Shape(1, 3, 6, 5));
            assertThat(logits.getManager().getEngine()).isSameAs(manager.getEngine());
            float[] expected = io.tensor("output").toFloats();
            float[] actual = logits.toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).isCloseTo(expected[i], Offset.offset(1e-5f));
            }
            assertThat(m.labels()).isSameAs(THREE);
        }
    }

    @Test
    void missingOrWrongFiles() {
        Path absent = dir.resolve("absent.onnx");
        assertThatThrownBy(() -> OnnxModels.open(absent, THREE, Normalization.imagenet()))
                .isInstanceOf(BadInputException.class).hasMessage(absent + ": ONNX model file does not exist");
        Path notOnnx = fixture("tiny_seg_io.safetensors");
        assertThatThrownBy(() -> OnnxModels.open(notOnnx, THREE, Normalization.imagenet()))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith(notOnnx + ": ");
    }
}

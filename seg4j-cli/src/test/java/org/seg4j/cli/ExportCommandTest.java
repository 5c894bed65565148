package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seg4j.image.Normalization;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.io.ModelFile;
import org.seg4j.nn.model.ModelRegistry;
import org.seg4j.onnx.OnnxModels;
import org.seg4j.testing.SharedData;

/**
 * {@code seg4j export} of the bundled models, run in ONNX Runtime against seg4j (the localizer: its class logits on
 * 94x94 windows); and its bad input.
 */
class ExportCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"camvid-unet", "camvid-segnet-basic", "isbi-unet", "camvid-car-localizer"})
    void bundledModelsExportAndOnnxRuntimeReproducesTheirLogits(String name) {
        Path model = SharedData.repoRoot().resolve("models/" + name + ".seg4j");
        Path onnx = dir.resolve(name + ".onnx");
        CliRun run = CliRun.of("export", "--model", model.toString(), "--format", "onnx", "--out", onnx.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        boolean windows = name.endsWith("localizer");
        assertThat(run.out()).contains("wrote " + onnx).contains("ONNX opset 17")
                .contains(windows ? "input [batch, 3, 94, 94], output logits [batch, " : "input [batch, 3, height, width]"
                        + ", output logits [batch, " + ModelFile.read(model).card().numClasses() + ", height, width]");
        ModelFile file = ModelFile.read(model);
        try (NDManager manager = NDManager.newBaseManager();
                // a localizer is no segmentation model: its class logits come from the block's first output
                SegmentationModel seg4j = windows ? SegmentationModel.of(file.load(manager,
                        ModelRegistry.standard()::create), file.card().labels(), file.card().normalization(), 1,
                        () -> { }) : SegmentationModel.open(model);
                SegmentationModel ort = OnnxModels.open(onnx, file.card().labels(), Normalization.imagenet())) {
            long c = file.card().inChannels();
            Shape[] shapes = windows ? new Shape[] {new Shape(1, c, 94, 94), new Shape(3, c, 94, 94)}
                    : new Shape[] {new Shape(1, c, 45, 61), new Shape(2, c, 64, 48)};
            for (Shape shape : shapes) {
                NDArray x = manager.randomNormal(shape);
                float[] want = seg4j.logits(x).toFloatArray();
                float[] got = ort.logits(x).toFloatArray();
                assertThat(got).hasSameSizeAs(want);
                double diff = 0;
                for (int i = 0; i < want.length; i++) {
                    diff = Math.max(diff, Math.abs(want[i] - got[i]));
                }
                System.out.printf("export %s on %s: max |diff| %.3g%n", name, shape, diff);
                assertThat(diff).as("%s on %s", name, shape).isLessThanOrEqualTo(1e-4);
            }
        }
    }

    @Test
    void unknownFormatIsOneLineExitTwo() {
        Path out = dir.resolve("m.pt");
        CliRun run = CliRun.of("export", "--model", "any.seg4j", "--format", "torchscript", "--out", out.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("seg4j export: Invalid value for option '--format': expected one of "
                + "[onnx] but was 'torchscript' (see seg4j export --help)");
        assertThat(out).doesNotExist();
    }

    @Test
    void unreadableModelIsOneLineExitTwo() throws Exception {
        Path notAModel = Files.writeString(dir.resolve("garbage.seg4j"), "not a model");
        Path out = dir.resolve("m.onnx");
        CliRun run = CliRun.of("export", "--model", notAModel.toString(), "--out", out.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("seg4j export: " + notAModel + ": ").doesNotContain("\n");
        Path absent = dir.resolve("absent.seg4j");
        CliRun missing = CliRun.of("export", "--model", absent.toString(), "--out", out.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("seg4j export: " + absent + ": ").doesNotContain("\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void missingOutputFolderIsOneLineExitTwo() {
        Path out = dir.resolve("no/such/folder/m.onnx");
        CliRun run = CliRun.of("export", "--model",
                SharedData.repoRoot().resolve("models/isbi-unet.seg4j").toString(), "--out", out.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("seg4j export: " + out + ": output folder " + out.getParent()
                + " does not exist");
    }
}

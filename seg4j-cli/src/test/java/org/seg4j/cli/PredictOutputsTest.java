package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.RgbImage;
import org.seg4j.nn.io.DType;
import org.seg4j.nn.io.Safetensors;
import org.seg4j.nn.io.SafetensorsWriter;
import org.seg4j.testing.SharedData;

/**
 * Issue 13: {@code predict --out} equal to the input folder overwrote the input images, and {@code a/x.png} with
 * {@code b/x.png} (or {@code x.jpg} with {@code x.png}) were written to one output name while predict reported "wrote
 * 2 predictions"; a model with NaN weights predicted class 0 everywhere without a word.
 */
class PredictOutputsTest {
    private static final Path MODEL = SharedData.repoRoot().resolve("models/isbi-unet.seg4j");

    @TempDir
    Path tmp;

    private Path image(String relative, int grey) {
        Path file = tmp.resolve(relative);
        RgbImage img = RgbImage.blank(16, 16);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                img.set(x, y, grey << 16 | grey << 8 | grey);
            }
        }
        ImageFiles.writeRgb(file, img);
        return file;
    }

    @Test
    void anOutputFolderEqualToTheInputFolderIsRefusedAndTheInputsKept() throws Exception {
        Path in = tmp.resolve("in");
        Path x = image("in/x.png", 40);
        byte[] before = Files.readAllBytes(x);
        CliRun run = CliRun.of("predict", "--model", MODEL.toString(), in.toString(), "--out", in.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("seg4j predict: " + in + ": writing the prediction of " + x
                + " would overwrite the input image " + x + "; choose an --out folder other than the input folder");
        assertThat(Files.readAllBytes(x)).isEqualTo(before);
        assertThat(run.out()).doesNotContain("wrote");
    }

    @Test
    void twoInputsWithOneNameAreRefusedBeforeAnythingIsWritten() {
        Path a = image("a/x.png", 40);
        Path b = image("b/x.png", 200);
        Path out = tmp.resolve("out");
        CliRun folders = CliRun.of("predict", "--model", MODEL.toString(), a.getParent().toString(),
                b.getParent().toString(), "--out", out.toString());
        assertThat(folders.exitCode()).as(folders.err()).isEqualTo(2);
        assertThat(folders.err().strip()).isEqualTo("seg4j predict: " + b + ": has the same name as " + a
                + " without its extension; both would be written as " + out.resolve("x.png")
                + " (write them into separate --out folders or rename one)");
        assertThat(out).doesNotExist();

        Path jpg = image("c/y.jpg", 40);
        Path png = image("c/y.png", 200);
        CliRun extensions = CliRun.of("predict", "--model", MODEL.toString(), jpg.getParent().toString(), "--out",
                out.toString());
        assertThat(extensions.exitCode()).as(extensions.err()).isEqualTo(2);
        assertThat(extensions.err()).contains(png + ": has the same name as " + jpg);
        assertThat(out).doesNotExist();
    }

    @Test
    void distinctNamesArePredictedIntoTheirOwnFiles() throws Exception {
        Path a = image("a/x.png", 40);
        Path b = image("b/y.png", 200);
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("predict", "--model", MODEL.toString(), a.toString(), b.toString(), "--out",
                out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote 2 predictions");
        assertThat(out.resolve("x.png")).exists();
        assertThat(out.resolve("y.png")).exists();
        assertThat(out.resolve("x_overlay.jpg")).exists();
    }

    @Test
    void aModelWithNonFiniteWeightsIsRefused() {
        Safetensors stored = Safetensors.read(MODEL);
        SafetensorsWriter writer = new SafetensorsWriter();
        stored.metadata().forEach(writer::metadata);
        String broken = stored.names().get(0);
        for (String name : stored.names()) {
            float[] values = stored.tensor(name).toFloats();
            if (name.equals(broken)) {
                values[0] = Float.NaN;
            }
            writer.addFloats(name, stored.tensor(name).shape(), values, DType.F32);
        }
        Path model = tmp.resolve("diverged.seg4j");
        writer.write(model);
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("predict", "--model", model.toString(), image("x.png", 40).toString(), "--out",
                out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("seg4j predict: " + model + ": tensor '" + broken
                + "' holds NaN at index 0").doesNotContain("\n");
        assertThat(out.resolve("x.png")).doesNotExist();
    }
}

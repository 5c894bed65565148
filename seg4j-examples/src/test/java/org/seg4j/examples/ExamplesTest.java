package org.seg4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.cli.Seg4jCommand;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.testing.SharedData;

/**
 * Runs the README's Java programs on a bundled model and image and checks them against the {@code seg4j} command run
 * in-process (picocli, the same code path as {@code ./seg4j}): the segmentation program must write exactly the label
 * PNG of {@code seg4j predict}, the CRF program the labels of {@code seg4j crf} and of {@code seg4j predict --crf}.
 */
class ExamplesTest {
    private static final Path ROOT = SharedData.repoRoot();
    /** CamVid U-Net with input scale 0.5: a program that ignored the model card's scale would disagree with predict. */
    private static final Path MODEL = ROOT.resolve("models/camvid-unet.seg4j");
    private static final Path IMAGE = ROOT.resolve("demo/camvid/val/0016E5_07959.png");

    @TempDir
    static Path tmp;

    /** {@code seg4j predict --probs}: its label PNG and the probabilities the CRF program refines. */
    private static Path predicted;

    @BeforeAll
    static void predict() {
        seg4j("predict", "--model", MODEL.toString(), IMAGE.toString(), "--out", tmp.resolve("cli").toString(),
                "--probs", "--no-overlay");
        predicted = tmp.resolve("cli");
    }

    @Test
    void segmentImageWritesTheLabelPngOfSeg4jPredict() throws Exception {
        Path out = tmp.resolve("example.png");
        SegmentImage.main(new String[] {MODEL.toString(), IMAGE.toString(), out.toString()});

        Path reference = predicted.resolve("0016E5_07959.png");
        LabelMap labels = ImageFiles.readLabels(out);
        assertThat(labels.width()).isEqualTo(480);
        assertThat(labels.height()).isEqualTo(360);
        assertThat(labels.data()).isEqualTo(ImageFiles.readLabels(reference).data());
        assertThat(Files.mismatch(out, reference)).as("same labels and palette, byte for byte").isEqualTo(-1L);
    }

    @Test
    void refineWithCrfGivesTheLabelsOfSeg4jCrfAndOfPredictWithCrf() {
        Path probs = predicted.resolve("0016E5_07959_probs.npy");
        Path out = tmp.resolve("example-crf.png");
        RefineWithCrf.main(new String[] {IMAGE.toString(), probs.toString(), out.toString()});
        byte[] refined = ImageFiles.readLabels(out).data();

        Path crfOut = tmp.resolve("cli-crf.png");
        seg4j("crf", "--image", IMAGE.toString(), "--probs", probs.toString(), "--out", crfOut.toString());
        assertThat(refined).isEqualTo(ImageFiles.readLabels(crfOut).data());

        seg4j("predict", "--model", MODEL.toString(), IMAGE.toString(), "--out", tmp.resolve("cli-predict-crf").toString(),
                "--crf", "--no-overlay");
        assertThat(refined).isEqualTo(ImageFiles.readLabels(tmp.resolve("cli-predict-crf/0016E5_07959.png")).data());

        byte[] unrefined = ImageFiles.readLabels(predicted.resolve("0016E5_07959.png")).data();
        int changed = 0;
        for (int i = 0; i < refined.length; i++) {
            changed += refined[i] != unrefined[i] ? 1 : 0;
        }
        assertThat(changed).as("pixels the CRF relabelled").isGreaterThan(100);
    }

    private static void seg4j(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Seg4jCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as("seg4j %s: %s%s", args[0], out, err).isZero();
    }
}

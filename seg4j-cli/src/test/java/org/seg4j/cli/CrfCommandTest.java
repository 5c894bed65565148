package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.io.NpyFiles;
import org.seg4j.label.BuiltinLabelSpecs;
import org.seg4j.testing.SharedData;

/** {@code seg4j crf} end to end on pydensecrf's first example (bundled in seg4j-core's test fixtures). */
class CrfCommandTest {
    private static final Path FIXTURES = SharedData.repoRoot().resolve("seg4j-core/src/test/resources/fixtures/crf");

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void scribblesReproduceTheReferenceOutputAsAPalettePng(@TempDir Path tmp) {
        Path out = tmp.resolve("labels.png");
        Path q = tmp.resolve("q.npy");
        CliRun r = run("crf", "--image", FIXTURES.resolve("im1.png").toString(), "--scribbles",
                FIXTURES.resolve("anno1.png").toString(), "--out", out.toString(), "--save-q", q.toString(),
                "--threads", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        RgbImage written = ImageFiles.readRgb(out);
        RgbImage reference = ImageFiles.readRgb(FIXTURES.resolve("out1.png"));
        int same = 0;
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                same += written.rgbAt(x, y) == reference.rgbAt(x, y) ? 1 : 0;
            }
        }
        assertThat(same / (320.0 * 240)).isGreaterThanOrEqualTo(0.999);
        LabelMap indices = ImageFiles.readLabels(out);
        assertThat(indices.histogram()[0] + indices.histogram()[1]).isEqualTo(320L * 240);
        NpyFiles.FloatArray qa = NpyFiles.readFloat32(q);
        assertThat(qa.shape()).containsExactly(2, 240, 320);
        assertThat(qa.data()[0] + qa.data()[240 * 320]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
    }

    /** Probabilities saved from the scribble run's Q, fed back with zero-weight kernels: the argmax of the input. */
    @Test
    void probabilitiesWithoutPairwiseTermsKeepTheirArgmax(@TempDir Path tmp) {
        int w = 4;
        int h = 3;
        RgbImage img = RgbImage.blank(w, h);
        Path image = tmp.resolve("im.png");
        ImageFiles.writeRgb(image, img);
        float[] p = new float[3 * w * h];
        for (int i = 0; i < w * h; i++) {
            p[(i % 3) * w * h + i] = 0.8f;
            p[((i + 1) % 3) * w * h + i] = 0.2f;
        }
        Path probs = tmp.resolve("p.npy");
        NpyFiles.writeFloat32(probs, new int[] {3, h, w}, p);
        Path out = tmp.resolve("o.png");
        CliRun r = run("crf", "--image", image.toString(), "--probs", probs.toString(), "--out", out.toString(),
                "--bilateral", "0,80,13", "--gaussian", "0,3", "--iterations", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        LabelMap labels = ImageFiles.readLabels(out);
        for (int i = 0; i < w * h; i++) {
            assertThat(labels.get(i % w, i / w)).isEqualTo(i % 3);
        }
    }

    @Test
    void badInputsNameTheFileAndTheProblem(@TempDir Path tmp) {
        Path image = FIXTURES.resolve("im1.png");
        Path wrongSize = tmp.resolve("small.npy");
        NpyFiles.writeFloat32(wrongSize, new int[] {2, 10, 10}, new float[200]);
        CliRun r = run("crf", "--image", image.toString(), "--probs", wrongSize.toString(), "--out",
                tmp.resolve("o.png").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("small.npy").contains("[2, 10, 10]").contains("320x240");

        float[] negative = new float[2 * 240 * 320];
        negative[5] = -1;
        Path neg = tmp.resolve("neg.npy");
        NpyFiles.writeFloat32(neg, new int[] {2, 240, 320}, negative);
        r = run("crf", "--image", image.toString(), "--probs", neg.toString(), "--out", tmp.resolve("o.png").toString());
        assertThat(r.err()).contains("neg.npy").contains("non-negative");

        negative[5] = Float.NaN;
        NpyFiles.writeFloat32(neg, new int[] {2, 240, 320}, negative);
        r = run("crf", "--image", image.toString(), "--probs", neg.toString(), "--out", tmp.resolve("o.png").toString());
        assertThat(r.err()).contains("neg.npy").contains("NaN");

        Path zero = tmp.resolve("zero.npy");
        NpyFiles.writeFloat32(zero, new int[] {0, 240, 320}, new float[0]);
        r = run("crf", "--image", image.toString(), "--unary", zero.toString(), "--out", tmp.resolve("o.png").toString());
        assertThat(r.err()).contains("zero.npy").contains("0 labels");

        Path many = tmp.resolve("many.npy");
        NpyFiles.writeFloat32(many, new int[] {256, 1, 1}, new float[256]);
        Path tiny = tmp.resolve("tiny.png");
        ImageFiles.writeRgb(tiny, RgbImage.blank(1, 1));
        r = run("crf", "--image", tiny.toString(), "--unary", many.toString(), "--out", tmp.resolve("o.png").toString());
        assertThat(r.err()).contains("many.npy").contains("256 labels");

        r = run("crf", "--image", image.toString(), "--probs", FIXTURES.resolve("anno1.png").toString(), "--out",
                tmp.resolve("o.png").toString());
        assertThat(r.err()).contains("anno1.png").contains("not a numpy .npy file");

        r = run("crf", "--image", image.toString(), "--scribbles", tiny.toString(), "--out",
                tmp.resolve("o.png").toString());
        assertThat(r.err()).contains("tiny.png").contains("1x1");

        r = run("crf", "--image", image.toString(), "--scribbles", FIXTURES.resolve("anno1.png").toString(), "--out",
                tmp.resolve("o.png").toString(), "--gaussian", "3");
        assertThat(r.err()).contains("--gaussian takes W,SXY");
    }

    /** {@code --labels camvid} writes CamVid's SegNet palette; without it, the VOC colour map. */
    @Test
    void theLabelSpecChoosesThePaletteOfTheWrittenLabels(@TempDir Path tmp) {
        int w = 3;
        int h = 1;
        Path image = tmp.resolve("im.png");
        ImageFiles.writeRgb(image, RgbImage.blank(w, h));
        float[] p = new float[12 * w * h];
        for (int i = 0; i < w; i++) {
            p[(i + 2) * w * h + i] = 1; // pixel i is label i + 2
        }
        Path probs = tmp.resolve("p.npy");
        NpyFiles.writeFloat32(probs, new int[] {12, h, w}, p);
        Path camvid = tmp.resolve("camvid.png");
        CliRun r = run("crf", "--image", image.toString(), "--probs", probs.toString(), "--out", camvid.toString(),
                "--labels", "camvid", "--gaussian", "0,3", "--bilateral", "0,80,13");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("p.npy").contains("12 labels, but label spec camvid has 11 classes");

        NpyFiles.writeFloat32(probs, new int[] {11, h, w}, Arrays.copyOf(p, 11 * w * h));
        r = run("crf", "--image", image.toString(), "--probs", probs.toString(), "--out", camvid.toString(),
                "--labels", "camvid", "--gaussian", "0,3", "--bilateral", "0,80,13");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path voc = tmp.resolve("voc.png");
        assertThat(run("crf", "--image", image.toString(), "--probs", probs.toString(), "--out", voc.toString(),
                "--gaussian", "0,3", "--bilateral", "0,80,13").exitCode()).isZero();
        assertThat(ImageFiles.readLabels(camvid).data()).containsExactly(2, 3, 4);
        assertThat(ImageFiles.readLabels(voc).data()).containsExactly(2, 3, 4);
        for (int x = 0; x < w; x++) {
            assertThat(ImageFiles.readRgb(camvid).rgbAt(x, 0)).isEqualTo(BuiltinLabelSpecs.camvid().color(x + 2));
            assertThat(ImageFiles.readRgb(voc).rgbAt(x, 0)).isEqualTo(BuiltinLabelSpecs.vocColor(x + 2));
        }
        assertThat(BuiltinLabelSpecs.camvid().color(2)).isNotEqualTo(BuiltinLabelSpecs.vocColor(2));
    }

    @Test
    void aBadPresetEndsWithOneLineListingTheValidOnes(@TempDir Path tmp) {
        CliRun r = run("crf", "--image", FIXTURES.resolve("im1.png").toString(), "--scribbles",
                FIXTURES.resolve("anno1.png").toString(), "--out", tmp.resolve("o.png").toString(), "--preset", "dl");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").isEqualTo("seg4j crf: Invalid value for option '--preset': "
                + "expected one of [deeplab, pydensecrf] but was 'dl' (see seg4j crf --help)");
    }
}

package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.RgbImage;
import org.seg4j.testing.SharedData;

/** {@code seg4j predict} with a corrupt image among good ones, and its progress lines. */
class PredictCommandTest {
    private static final Path MODEL = SharedData.repoRoot().resolve("models/isbi-unet.seg4j");

    @TempDir
    Path tmp;

    private Path images() throws Exception {
        Path dir = tmp.resolve("in");
        ImageFiles.writeRgb(dir.resolve("a.png"), RgbImage.blank(64, 64));
        Files.write(dir.resolve("b.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        ImageFiles.writeRgb(dir.resolve("c.png"), RgbImage.blank(64, 64));
        return dir;
    }

    @Test
    void skipGoesOnCountsTheBadImageAndExitsWithTwo() throws Exception {
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("predict", "--model", MODEL.toString(), images().toString(), "--out", out.toString(),
                "--on-bad-sample", "skip", "--no-overlay");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(out.resolve("a.png")).exists();
        assertThat(out.resolve("b.png")).doesNotExist();
        assertThat(out.resolve("c.png")).exists();
        // not a terminal: one line per image with the count, the rate and the ETA
        assertThat(r.out()).containsPattern("predict 1/3 \\([0-9.]+/s, ETA 0:00:[0-9]{2}\\) .*a\\.png  64x64")
                .contains("skipped " + tmp.resolve("in/b.png"))
                .containsPattern("predict 3/3 \\([0-9.]+/s, done\\) .*c\\.png")
                .contains("wrote 2 predictions to " + out).contains("skipped 1 bad image(s):");
    }

    @Test
    void failStopsAtTheBadImageWithOneLine() throws Exception {
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("predict", "--model", MODEL.toString(), images().toString(), "--out", out.toString(),
                "--no-overlay");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("seg4j predict: " + tmp.resolve("in/b.png"));
        assertThat(out.resolve("a.png")).exists();
        assertThat(out.resolve("c.png")).doesNotExist();
    }
}

package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.label.BuiltinLabelSpecs;
import org.seg4j.testing.SharedData;

class ShowCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesColourisedLabelsInThePaletteAndOverlaysWithBoxes() {
        Path voc = SharedData.require("labelme-voc2011-sample");
        CliRun run = CliRun.of("show", "--data", "voc:" + voc, "--out", tmp.toString(), "--count", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("2011_000003").contains("boxes");
        RgbImage label = ImageFiles.readRgb(tmp.resolve("2011_000003_label.png"));
        LabelMap truth = ImageFiles.readLabels(voc.resolve("SegmentationClass/2011_000003.png"));
        for (int[] xy : new int[][] {{0, 0}, {250, 200}, {400, 100}}) {
            assertThat(label.rgbAt(xy[0], xy[1])).isEqualTo(BuiltinLabelSpecs.voc().color(truth.get(xy[0], xy[1])));
        }
        assertThat(tmp.resolve("2011_000003_overlay.png")).exists();
    }

    /** Issue 13, item 6: a VOC list naming ../../../escape/pwn made show read it and write beside it. */
    @Test
    void aHostileIdNeitherReadsNorWritesOutsideItsFolders() throws Exception {
        Path fixture = SharedData.repoRoot().resolve("seg4j-core/src/test/resources/fixtures/voc/VOC2012");
        Path voc = java.nio.file.Files.createDirectories(tmp.resolve("data/VOC2012"));
        for (String sub : new String[] {"JPEGImages", "SegmentationClass", "ImageSets/Segmentation"}) {
            java.nio.file.Files.createDirectories(voc.resolve(sub));
        }
        Path escape = java.nio.file.Files.createDirectories(tmp.resolve("escape"));
        java.nio.file.Files.copy(fixture.resolve("JPEGImages/2007_000032.jpg"), escape.resolve("pwn.jpg"));
        java.nio.file.Files.copy(fixture.resolve("SegmentationClass/2007_000032.png"), escape.resolve("pwn.png"));
        java.nio.file.Files.writeString(voc.resolve("ImageSets/Segmentation/val.txt"), "../../../escape/pwn\n");
        Path out = java.nio.file.Files.createDirectories(tmp.resolve("out/a/b"));
        CliRun run = CliRun.of("show", "--data", "voc:" + voc, "--split", "val", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").contains("must be a plain name, without folders");
        try (var files = java.nio.file.Files.list(escape)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("pwn.jpg", "pwn.png");
        }
    }
}

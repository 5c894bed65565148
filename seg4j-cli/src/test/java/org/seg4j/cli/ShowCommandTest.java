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
}

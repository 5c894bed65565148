package org.seg4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.data.DatasetOptions;
import org.seg4j.data.Datasets;
import org.seg4j.data.SampleReader;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.metrics.PredictionFolderEvaluation.PredictionIds;

/** Runs in seg4j-core alone: no native library is on this module's class path. */
class PredictionFolderEvaluationTest {
    @TempDir
    Path dir;

    /** Two 2x2 binary samples; ground truth a = [0 255 / 255 255], b = [0 0 / 0 255] on disk. */
    private SampleReader reader(SampleReader.OnBadSample policy) {
        ImageFiles.writeRgb(dir.resolve("data/image/a.png"), RgbImage.blank(2, 2));
        ImageFiles.writeGreyPng(dir.resolve("data/label/a.png"), new LabelMap(2, 2, new byte[] {0, -1, -1, -1}));
        ImageFiles.writeRgb(dir.resolve("data/image/b.png"), RgbImage.blank(2, 2));
        ImageFiles.writeGreyPng(dir.resolve("data/label/b.png"), new LabelMap(2, 2, new byte[] {0, 0, 0, -1}));
        return new SampleReader(Datasets.open("folder:" + dir.resolve("data"), DatasetOptions.split(null)), policy);
    }

    @Test
    void countsHandComputedConfusionFromDiskIdPredictions() {
        SampleReader reader = reader(SampleReader.OnBadSample.FAIL);
        // a predicted [255 255 / 0 255]: gt 0 -> 1 once, gt 1 -> 1 twice, gt 1 -> 0 once
        ImageFiles.writeGreyPng(dir.resolve("pred/a.png"), new LabelMap(2, 2, new byte[] {-1, -1, 0, -1}));
        // b predicted [0 0 / 0 0]: gt 0 -> 0 three times, gt 1 -> 0 once
        ImageFiles.writeGreyPng(dir.resolve("pred/b.png"), LabelMap.filled(2, 2, 0));
        PredictionFolderEvaluation.Result r = new PredictionFolderEvaluation(reader, dir.resolve("pred"),
                PredictionIds.DISK).run(2, 1);
        assertThat(r.scored()).isEqualTo(2);
        assertThat(r.confusion().count(0, 0)).isEqualTo(3);
        assertThat(r.confusion().count(0, 1)).isEqualTo(1);
        assertThat(r.confusion().count(1, 0)).isEqualTo(2);
        assertThat(r.confusion().count(1, 1)).isEqualTo(2);
        assertThat(r.kept()).hasSize(1);
        assertThat(r.kept().get(0).sample().id()).isEqualTo("a");
    }

    @Test
    void trainIdPredictionsAreCheckedNotMapped() {
        SampleReader reader = reader(SampleReader.OnBadSample.FAIL);
        ImageFiles.writeGreyPng(dir.resolve("pred/a.png"), new LabelMap(2, 2, new byte[] {0, 1, 1, 1}));
        ImageFiles.writeGreyPng(dir.resolve("pred/b.png"), new LabelMap(2, 2, new byte[] {0, 0, 0, 1}));
        PredictionFolderEvaluation.Result r = new PredictionFolderEvaluation(reader, dir.resolve("pred"),
                PredictionIds.TRAIN).run(1, 0);
        assertThat(r.confusion().count(0, 0)).isEqualTo(4);
        assertThat(r.confusion().count(1, 1)).isEqualTo(4);
        assertThat(r.confusion().count(0, 1) + r.confusion().count(1, 0)).isZero();
    }

    @Test
    void aMissingPredictionFailsOrIsSkippedByThePolicy() {
        ImageFiles.writeGreyPng(dir.resolve("pred/a.png"), new LabelMap(2, 2, new byte[] {0, 1, 1, 1}));
        assertThatThrownBy(() -> new PredictionFolderEvaluation(reader(SampleReader.OnBadSample.FAIL),
                dir.resolve("pred"), PredictionIds.TRAIN).run(1, 0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("b.png").hasMessageContaining("no prediction for sample b");
        PredictionFolderEvaluation.Result r = new PredictionFolderEvaluation(reader(SampleReader.OnBadSample.SKIP),
                dir.resolve("pred"), PredictionIds.TRAIN).run(1, 0);
        assertThat(r.scored()).isEqualTo(1);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.confusion().count(1, 1)).isEqualTo(3);
    }
}

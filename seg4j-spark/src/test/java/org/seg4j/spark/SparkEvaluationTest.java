package org.seg4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.seg4j.data.SampleReader;
import org.seg4j.metrics.ConfusionMatrix;
import org.seg4j.nn.infer.DatasetEvaluation;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;
import org.seg4j.testing.SharedData;

/** Spark evaluation in local[2] against the single-process evaluation of the same model and data. */
class SparkEvaluationTest extends LocalSpark {
    private static final Path MODEL = SharedData.repoRoot().resolve("models/camvid-unet.seg4j");

    @Test
    void confusionMatrixEqualsTheSingleProcessOneCountForCount() {
        DatasetSource demo = new DatasetSource("camvid:" + SharedData.repoRoot().resolve("demo/camvid"), "val", null,
                null);
        SparkEvaluation.Result spread = SparkEvaluation.run(spark, demo, MODEL.toString(),
                SegmentOptions.defaults().withBatchSize(2), SampleReader.OnBadSample.FAIL, 3);

        ConfusionMatrix single;
        try (SegmentationModel model = SegmentationModel.open(MODEL)) {
            Segmenter segmenter = Segmenter.of(model);
            single = DatasetEvaluation.run(segmenter::segment,
                    new SampleReader(demo.open(), SampleReader.OnBadSample.FAIL), 0, s -> { }).confusion();
        }
        assertThat(spread.scored()).isEqualTo(4);
        assertThat(spread.skipped()).isEmpty();
        assertThat(spread.confusion().total()).isEqualTo(single.total()).isPositive();
        for (int gt = 0; gt < single.numClasses(); gt++) {
            for (int pred = 0; pred < single.numClasses(); pred++) {
                assertThat(spread.confusion().count(gt, pred)).as("count(%d, %d)", gt, pred)
                        .isEqualTo(single.count(gt, pred));
            }
            assertThat(spread.confusion().unassigned(gt)).isEqualTo(single.unassigned(gt));
        }
    }
}

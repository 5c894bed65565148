package org.seg4j.nn.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.seg4j.data.SampleReader;
import org.seg4j.label.LabelSpec;
import org.seg4j.metrics.MetricsReport;
import org.seg4j.metrics.SegmentationMetrics;
import org.seg4j.nn.infer.DatasetEvaluation;
import org.seg4j.nn.infer.InferenceOptions;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;

/**
 * Per-pixel labelling: cross-entropy (optionally class-weighted, plus Dice) on the data set's classes; validation
 * segments every validation image (resized by {@code validation.scale}, scores up-sampled back) and scores mIoU; the
 * validation record adds the confusion matrix.
 */
final class SegmentationTask implements TrainingTask {
    private final TrainConfig config;
    private final TrainingData data;
    private final SegmentationLoss loss;

    SegmentationTask(TrainConfig config, TrainingData data) {
        this.config = config;
        this.data = data;
        this.loss = new SegmentationLoss(data.labels().ignoreIndex(), data.classWeights(),
                config.schedule().diceWeight());
    }

    @Override
    public LabelSpec modelLabels() {
        return data.labels();
    }

    @Override
    public StepObjective objective() {
        return loss;
    }

    @Override
    public double inputScale() {
        return config.validation().scale();
    }

    @Override
    public Validated validate(Block block, NDManager manager) {
        TrainConfig.Validation v = config.validation();
        Segmenter segmenter = Segmenter.of(SegmentationModel.of(block, data.labels(), data.normalization(), v.scale(), () -> { }),
                InferenceOptions.defaults().withTile(v.tile(), v.tile() > 0 ? 0.25 : 0));
        int limit = v.limit() == null ? 0 : v.limit();
        DatasetEvaluation.Result result = DatasetEvaluation.run(segmenter::segment,
                new SampleReader(data.val(), data.policy()), limit, s -> { });
        SegmentationMetrics metrics = result.metrics();
        ObjectNode json = new MetricsReport(metrics).toJson();
        ObjectNode record = json.deepCopy();
        // rows: ground truth; columns: predicted class, then the unassigned pixels
        ArrayNode confusion = record.putArray("confusion");
        int n = metrics.numClasses();
        for (int g = 0; g < n; g++) {
            ArrayNode row = confusion.addArray();
            for (int p = 0; p < n; p++) {
                row.add(result.confusion().count(g, p));
            }
            row.add(result.confusion().unassigned(g));
        }
        return new Validated(metrics.meanIoU(), json, record);
    }
}

package org.seg4j.nn.infer;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.seg4j.data.Sample;
import org.seg4j.data.SampleReader;
import org.seg4j.data.SegmentationDataset;
import org.seg4j.image.RgbImage;
import org.seg4j.label.LabelSpec;
import org.seg4j.metrics.ConfusionMatrix;
import org.seg4j.metrics.SegmentationMetrics;

/**
 * Scores a segmenter on a data set: every sample (or the first {@code limit}) is predicted at full resolution and
 * counted in one confusion matrix against its ground truth; the metrics follow from it.
 */
public final class DatasetEvaluation {
    /** The confusion matrix over the scored samples and the metrics derived from it. */
    public record Result(ConfusionMatrix confusion, SegmentationMetrics metrics) {
    }

    /** A sample, its prediction, and its place in the evaluation, for callers that keep or draw some. */
    public record Scored(int index, Sample sample, Prediction prediction) {
    }

    private DatasetEvaluation() {
    }

    /**
     * @param predictor image to prediction (a {@link Segmenter}, possibly followed by {@link CrfRefinement})
     * @param limit score at most this many samples; 0 = all
     * @param each called with every scored sample, in order
     */
    public static Result run(Function<RgbImage, Prediction> predictor, SampleReader reader, int limit,
            Consumer<Scored> each) {
        SegmentationDataset ds = reader.dataset();
        LabelSpec spec = ds.labelSpec();
        ConfusionMatrix cm = new ConfusionMatrix(spec.numClasses(), spec.ignoreIndex());
        int n = limit > 0 ? Math.min(limit, ds.size()) : ds.size();
        for (int i = 0; i < n; i++) {
            Optional<Sample> s = reader.read(i);
            if (s.isEmpty()) {
                continue;
            }
            Prediction p = predictor.apply(s.get().image());
            cm.accumulate(s.get().label(), p.labels());
            each.accept(new Scored(i, s.get(), p));
        }
        return new Result(cm, SegmentationMetrics.of(cm, spec));
    }
}

package org.seg4j.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.seg4j.BadInputException;
import org.seg4j.data.Sample;
import org.seg4j.data.SampleReader;
import org.seg4j.data.SegmentationDataset;
import org.seg4j.image.RgbImage;
import org.seg4j.label.LabelSpec;
import org.seg4j.metrics.ConfusionMatrix;
import org.seg4j.metrics.SegmentationMetrics;
import org.seg4j.nn.infer.Prediction;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;

/**
 * Scores a model on a data set with Spark: the sample indices are split into partitions, each task opens the data set
 * and the model on its executor ({@link ExecutorModels}), segments its samples at full resolution in batches and
 * counts them in its own confusion matrix; the driver adds the matrices up. Counting is addition, so the result is
 * the matrix a single process builds over the same samples ({@code seg4j eval}, {@code DatasetEvaluation}), count
 * for count.
 */
public final class SparkEvaluation {
    /**
     * The confusion matrix over the scored samples, the metrics derived from it, and the bad samples skipped (their
     * messages, in data set order).
     */
    public record Result(SegmentationDataset dataset, ConfusionMatrix confusion, SegmentationMetrics metrics,
            int scored, List<String> skipped) {
    }

    private SparkEvaluation() {
    }

    /**
     * @param data       the data set; its paths must be readable by every executor (a shared file system)
     * @param modelFile  a seg4j model file, as for {@link SparkSegmentation#segment}
     * @param options    inference options and batch size (its label folder is not used)
     * @param policy     FAIL: a bad sample fails the evaluation with its message; SKIP: it is counted and left out
     * @param partitions how many tasks share the samples
     * @throws BadInputException if the model's classes are not the data set's, or under FAIL for a bad sample
     */
    public static Result run(SparkSession spark, DatasetSource data, String modelFile, SegmentOptions options,
            SampleReader.OnBadSample policy, int partitions) {
        DatasetSource source = data.absolute();
        SegmentationDataset dataset = source.open();
        LabelSpec labels = dataset.labelSpec();
        List<String> modelClasses = org.seg4j.nn.io.ModelFile.read(Path.of(modelFile)).card().labels().classNames();
        if (!modelClasses.equals(labels.classNames())) {
            throw new BadInputException(Path.of(modelFile), "the model predicts " + modelClasses
                    + " but the data set's classes are " + labels.classNames());
        }
        List<Integer> indices = IntStream.range(0, dataset.size()).boxed().toList();
        String model = Path.of(modelFile).toAbsolutePath().toString();
        ConfusionCounts total = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(indices, Math.max(1, Math.min(partitions, indices.size())))
                .mapPartitions(new PartitionCounts(source, model, options))
                .reduce(ConfusionCounts::plus);
        List<String> problems = total.problems().stream().map(ConfusionCounts.Problem::message).toList();
        if (policy == SampleReader.OnBadSample.FAIL && !problems.isEmpty()) {
            throw new BadInputException(null, problems.get(0));
        }
        ConfusionMatrix confusion = total.toMatrix();
        return new Result(dataset, confusion, SegmentationMetrics.of(confusion, labels), total.scored(), problems);
    }

    /** One task: the confusion counts of a partition's samples. */
    private record PartitionCounts(DatasetSource source, String modelFile, SegmentOptions options)
            implements FlatMapFunction<Iterator<Integer>, ConfusionCounts> {
        @Override
        public Iterator<ConfusionCounts> call(Iterator<Integer> indices) {
            SegmentationModel model = ExecutorModels.get(modelFile);
            Segmenter segmenter = Segmenter.of(model, options.inference());
            SampleReader reader = new SampleReader(source.open(), SampleReader.OnBadSample.SKIP);
            LabelSpec labels = reader.dataset().labelSpec();
            ConfusionMatrix matrix = new ConfusionMatrix(labels.numClasses(), labels.ignoreIndex());
            List<ConfusionCounts.Problem> problems = new ArrayList<>();
            int scored = 0;
            List<Sample> batch = new ArrayList<>();
            while (indices.hasNext()) {
                int index = indices.next();
                int skippedBefore = reader.skipped();
                Optional<Sample> sample = reader.read(index);
                sample.ifPresent(batch::add);
                if (reader.skipped() > skippedBefore) {
                    List<String> messages = reader.problems();
                    problems.add(new ConfusionCounts.Problem(index, messages.get(messages.size() - 1)));
                }
                if (batch.size() == options.batchSize() || !indices.hasNext()) {
                    scored += count(segmenter, batch, matrix);
                    batch.clear();
                }
            }
            return List.of(ConfusionCounts.of(matrix, scored, problems)).iterator();
        }

        /** Segments a batch of samples and counts them; returns how many. */
        private static int count(Segmenter segmenter, List<Sample> batch, ConfusionMatrix matrix) {
            if (batch.isEmpty()) {
                return 0;
            }
            List<RgbImage> images = batch.stream().map(Sample::image).toList();
            List<Prediction> predictions = segmenter.segment(images, false);
            for (int i = 0; i < batch.size(); i++) {
                matrix.accumulate(batch.get(i).label(), predictions.get(i).labels());
            }
            return batch.size();
        }
    }
}

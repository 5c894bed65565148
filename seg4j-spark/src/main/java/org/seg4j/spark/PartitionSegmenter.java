package org.seg4j.spark;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.seg4j.BadInputException;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.nn.infer.Prediction;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;

/**
 * Segments one partition of (path, content) rows on an executor, {@link SegmentOptions#batchSize()} images at a time:
 * the batch's images are decoded, segmented together (one forward pass per image size, its native memory freed when
 * the pass ends) and turned into result rows ({@link SparkSegmentation#schema}), their label PNGs committed when asked
 * for. Rows are produced lazily, batch by batch, so a partition of any length holds one batch in memory. An image that
 * does not decode becomes a row with its error.
 */
final class PartitionSegmenter implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final String modelFile;
    private final SegmentOptions options;

    PartitionSegmenter(String modelFile, SegmentOptions options) {
        this.modelFile = modelFile;
        this.options = options;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> images) {
        SegmentationModel model = ExecutorModels.get(modelFile);
        Segmenter segmenter = Segmenter.of(model, options.inference());
        int[] palette = model.labels().palette();
        Path labelFolder = options.labelFolder();
        TaskContext task = TaskContext.get();
        LabelCommit commit = labelFolder == null ? null
                : new LabelCommit(labelFolder, task == null ? ProcessHandle.current().pid() : task.taskAttemptId());
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && images.hasNext()) {
                    List<Row> batch = new ArrayList<>(options.batchSize());
                    while (batch.size() < options.batchSize() && images.hasNext()) {
                        batch.add(images.next());
                    }
                    ready.addAll(segment(batch, segmenter, palette, commit));
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    /** The result rows of one batch of (path, content) rows, in their order. */
    private static List<Row> segment(List<Row> batch, Segmenter segmenter, int[] palette, LabelCommit commit) {
        Row[] out = new Row[batch.size()];
        List<Integer> decoded = new ArrayList<>();
        List<RgbImage> images = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            String path = batch.get(i).getString(0);
            try {
                images.add(ImageFiles.readRgb((byte[]) batch.get(i).get(1)));
                decoded.add(i);
            } catch (BadInputException e) {
                out[i] = RowFactory.create(path, null, null, null, null, null, e.problem());
            }
        }
        if (!images.isEmpty()) {
            long t0 = System.nanoTime();
            List<Prediction> predictions = segmenter.segment(images, false);
            double msEach = (System.nanoTime() - t0) / 1e6 / images.size();
            for (int j = 0; j < predictions.size(); j++) {
                int i = decoded.get(j);
                String path = batch.get(i).getString(0);
                LabelMap labels = predictions.get(j).labels();
                String labelFile = commit == null ? null
                        : commit.commit(LabelCommit.nameOf(path), labels, palette).toString();
                out[i] = RowFactory.create(path, labels.width(), labels.height(),
                        classPixels(labels, predictions.get(j).numClasses()), msEach, labelFile, null);
            }
        }
        return List.of(out);
    }

    /** Pixels per class, indexed by training id. */
    private static long[] classPixels(LabelMap labels, int numClasses) {
        long[] counts = new long[numClasses];
        System.arraycopy(labels.histogram(), 0, counts, 0, numClasses);
        return counts;
    }
}

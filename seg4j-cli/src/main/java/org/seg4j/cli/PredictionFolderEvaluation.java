package org.seg4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.seg4j.BadInputException;
import org.seg4j.data.Sample;
import org.seg4j.data.SampleReader;
import org.seg4j.data.SegmentationDataset;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.label.LabelSpec;
import org.seg4j.metrics.ConfusionMatrix;

/**
 * Scores a folder of prediction label PNGs ({@code <id>.png}, named as the data set's samples) against the data
 * set's ground truth, on several threads, each with its own confusion matrix, merged at the end.
 */
final class PredictionFolderEvaluation {
    /** How the prediction PNGs store labels: as the data set's files do (disk ids) or as training ids. */
    enum PredictionIds { DISK, TRAIN }

    /** A sample kept for the report: its ground truth and prediction in training ids. */
    record Kept(Sample sample, LabelMap prediction) {
    }

    /** The merged confusion matrix, the samples scored, and the first few samples for pictures. */
    record Result(ConfusionMatrix confusion, int scored, int skipped, List<String> problems, List<Kept> kept) {
    }

    private final SampleReader reader;
    private final Path predictions;
    private final PredictionIds ids;

    PredictionFolderEvaluation(SampleReader reader, Path predictions, PredictionIds ids) {
        this.reader = reader;
        this.predictions = predictions;
        this.ids = ids;
        if (!Files.isDirectory(predictions)) {
            throw new BadInputException(predictions, "prediction folder does not exist");
        }
    }

    Result run(int threads, int keep) {
        SegmentationDataset ds = reader.dataset();
        LabelSpec spec = ds.labelSpec();
        List<Kept> kept = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ConfusionMatrix>> parts = new ArrayList<>();
            int[] scored = new int[threads];
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    ConfusionMatrix cm = new ConfusionMatrix(spec.numClasses(), spec.ignoreIndex());
                    for (int i = first; i < ds.size(); i += threads) {
                        Optional<Sample> s = reader.read(i);
                        if (s.isEmpty()) {
                            continue;
                        }
                        Optional<LabelMap> pred = readPrediction(s.get(), spec);
                        if (pred.isEmpty()) {
                            continue;
                        }
                        cm.accumulate(s.get().label(), pred.get());
                        scored[first]++;
                        if (i < keep) {
                            kept.add(new Kept(s.get(), pred.get()));
                        }
                    }
                    return cm;
                }));
            }
            ConfusionMatrix total = new ConfusionMatrix(spec.numClasses(), spec.ignoreIndex());
            for (Future<ConfusionMatrix> part : parts) {
                total.merge(part.get());
            }
            List<Kept> ordered = new ArrayList<>(kept);
            ordered.sort((a, b) -> a.sample().id().compareTo(b.sample().id()));
            return new Result(total, java.util.Arrays.stream(scored).sum(), reader.skipped(), reader.problems(),
                    ordered);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private Optional<LabelMap> readPrediction(Sample sample, LabelSpec spec) {
        Path file = predictions.resolve(sample.id() + ".png");
        try {
            if (!Files.exists(file)) {
                throw new BadInputException(file, "no prediction for sample " + sample.id());
            }
            LabelMap raw = ImageFiles.readLabels(file);
            if (raw.width() != sample.width() || raw.height() != sample.height()) {
                throw new BadInputException(file, "prediction is " + raw.width() + "x" + raw.height()
                        + " but the ground truth of " + sample.id() + " is " + sample.width() + "x" + sample.height());
            }
            if (ids == PredictionIds.TRAIN) {
                spec.checkTrainIds(raw, file);
                return Optional.of(raw);
            }
            return Optional.of(spec.toTrainIds(raw, file));
        } catch (BadInputException e) {
            return reader.skip(e);
        }
    }
}

package org.seg4j.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * Scores a folder of prediction label PNGs ({@code <id>.png}, named as the data set's samples) against the data
 * set's ground truth, on several threads, each with its own confusion matrix, merged at the end. Engine-free: it reads
 * PNGs, whichever program wrote them.
 *
 * <pre>{@code
 * SampleReader reader = new SampleReader(Datasets.open("camvid:CamVid", DatasetOptions.split("test")),
 *         SampleReader.OnBadSample.FAIL);
 * var result = new PredictionFolderEvaluation(reader, Path.of("pred"), PredictionIds.TRAIN).run(2, 0);
 * SegmentationMetrics metrics = SegmentationMetrics.of(result.confusion(), reader.dataset().labelSpec().classNames());
 * }</pre>
 *
 * <p>A missing, unreadable or wrongly sized prediction is a bad sample: the reader's policy fails the run or skips
 * and counts it.
 */
public final class PredictionFolderEvaluation {
    /** How the prediction PNGs store labels: as the data set's files do (disk ids) or as training ids. */
    public enum PredictionIds { DISK, TRAIN }

    /** A sample kept for the report: its ground truth and prediction in training ids. */
    public record Kept(Sample sample, LabelMap prediction) {
    }

    /** The merged confusion matrix, the samples scored, and the first few samples for pictures. */
    public record Result(ConfusionMatrix confusion, int scored, int skipped, List<String> problems, List<Kept> kept) {
    }

    private final SampleReader reader;
    private final Path predictions;
    private final PredictionIds ids;

    /** @throws BadInputException if the prediction folder does not exist */
    public PredictionFolderEvaluation(SampleReader reader, Path predictions, PredictionIds ids) {
        this.reader = reader;
        this.predictions = predictions;
        this.ids = ids;
        if (!Files.isDirectory(predictions)) {
            throw new BadInputException(predictions, "prediction folder does not exist");
        }
    }

    /**
     * Scores every sample of the reader's data set.
     *
     * @param threads worker threads, each scoring every {@code threads}-th sample
     * @param keep samples with an index below this are kept (with their prediction) for pictures
     */
    public Result run(int threads, int keep) {
        return run(threads, keep, () -> { });
    }

    /**
     * As {@link #run(int, int)}, calling {@code afterEach} (from the worker threads) after each sample is scored or
     * skipped, e.g. to show progress.
     */
    public Result run(int threads, int keep, Runnable afterEach) {
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
                        Optional<LabelMap> pred = s.isEmpty() ? Optional.empty() : readPrediction(s.get(), spec);
                        if (pred.isPresent()) {
                            cm.accumulate(s.get().label(), pred.get());
                            scored[first]++;
                            if (i < keep) {
                                kept.add(new Kept(s.get(), pred.get()));
                            }
                        }
                        afterEach.run();
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
            return new Result(total, Arrays.stream(scored).sum(), reader.skipped(), reader.problems(),
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

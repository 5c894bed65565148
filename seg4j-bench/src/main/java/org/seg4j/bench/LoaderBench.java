package org.seg4j.bench;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.util.Iterator;
import org.seg4j.BadInputException;
import org.seg4j.data.DatasetOptions;
import org.seg4j.data.Datasets;
import org.seg4j.data.SampleReader;
import org.seg4j.data.SegmentationDataset;
import org.seg4j.data.augment.AugmentationPipeline;
import org.seg4j.data.augment.HorizontalFlip;
import org.seg4j.data.augment.PhotometricDistortion;
import org.seg4j.data.augment.RandomCrop;
import org.seg4j.data.augment.RandomScale;
import org.seg4j.data.loader.Batch;
import org.seg4j.data.loader.IndexOrder;
import org.seg4j.data.loader.PrefetchLoader;
import org.seg4j.nn.data.BatchArrays;

/**
 * Training input throughput: CamVid train decoded, augmented (scale 0.5-2, crop, flip, photometric), normalised,
 * batched and turned into DJL arrays by a {@link PrefetchLoader} with {@code --threads} workers, against the same work
 * done sequentially on the calling thread (0 workers, no prefetch). Parameters: {@code -P batch=8},
 * {@code -P crop=360}, {@code -P batches=12} (per timed repetition).
 */
public final class LoaderBench implements Benchmark {
    private static final String DEFAULT_DATA = "camvid:../shared/data/camvid";

    @Override
    public String name() {
        return "loader";
    }

    @Override
    public String description() {
        return "decode + augment + batch + DJL arrays (CamVid train), images/s: workers vs sequential";
    }

    @Override
    public void run(BenchOptions options, PrintWriter out) {
        String data = options.data() != null ? options.data() : DEFAULT_DATA;
        int batch = Integer.parseInt(options.param("batch", "8"));
        int crop = Integer.parseInt(options.param("crop", "360"));
        SegmentationDataset ds = Datasets.open(data, DatasetOptions.split("train"));
        int batches = Math.min(Integer.parseInt(options.param("batches", "12")), ds.size() / batch);
        if (batches < 1) {
            throw new BadInputException(null, ds.name() + " has fewer than one batch of " + batch + " samples");
        }
        AugmentationPipeline pipeline = AugmentationPipeline.of(1, new RandomScale(),
                new RandomCrop(crop, crop, ds.labelSpec()), new HorizontalFlip(), new PhotometricDistortion());
        int images = batches * batch;
        out.printf("loader: %s, %d images; scale 0.5-2, crop %dx%d, flip, photometric, ImageNet normalisation, "
                + "batch %d -> DJL NDList; %d batches (%d images) per repetition, median of %d%n", ds.name(),
                ds.size(), crop, crop, batch, batches, images, options.repetitions());
        out.flush();
        try (NDManager manager = NDManager.newBaseManager()) {
            long reference = median(ds, pipeline, 0, batch, batches, options.repetitions(), manager);
            out.printf("  reference, sequential on the calling thread (0 workers, no prefetch): %.0f ms = %.1f "
                    + "images/s%n", reference / 1e6, images / (reference / 1e9));
            out.flush();
            long seg4j = median(ds, pipeline, options.threads(), batch, batches, options.repetitions(), manager);
            out.printf("  seg4j PrefetchLoader, %d workers: %.0f ms = %.1f images/s%n", options.threads(),
                    seg4j / 1e6, images / (seg4j / 1e9));
            out.printf("  speed-up (reference time / seg4j time): %.2fx%n", (double) reference / seg4j);
        }
    }

    /** Median time of one repetition: a fresh epoch (new shuffle and augmentation), the first batches of it. */
    private static long median(SegmentationDataset ds, AugmentationPipeline pipeline, int workers, int batch,
            int batches, int repetitions, NDManager manager) {
        try (PrefetchLoader loader = PrefetchLoader.builder(new SampleReader(ds, SampleReader.OnBadSample.FAIL))
                .setBatchSize(batch).optOrder(IndexOrder.shuffled(1)).optPipeline(pipeline).optWorkers(workers)
                .build()) {
            int[] epoch = {0};
            return Timing.medianNanos(1, repetitions, () -> {
                Iterator<Batch> it = loader.epoch(epoch[0]++);
                for (int b = 0; b < batches; b++) {
                    try (NDManager perBatch = manager.newSubManager()) {
                        BatchArrays.toNDList(it.next(), perBatch);
                    }
                }
            });
        }
    }
}

package org.seg4j.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.seg4j.image.RgbImage;
import org.seg4j.nn.infer.Prediction;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;
import org.seg4j.nn.io.ModelCard;
import org.seg4j.nn.io.ModelFile;

/**
 * A segmentation model the server runs: opened once through {@link SegmentationModel#open}, fed by a
 * {@link DynamicBatcher} that stacks requests of one image size and one set of inference settings into one
 * {@link Segmenter#segment(List, boolean)} call (one forward pass per window position and test-time variant).
 */
final class ServedModel implements AutoCloseable {
    /** What requests must share to be batched: images of one size (hence one size after the input scale). */
    record BatchKey(int width, int height, SegmentQuery.Inference inference, boolean probabilities) {
    }

    private final String name;
    private final ModelCard card;
    private final SegmentationModel model;
    private final DynamicBatcher<BatchKey, RgbImage, Prediction> batcher;
    private final Admission admission;

    private ServedModel(String name, ModelCard card, SegmentationModel model, ServerSettings settings,
            ServerMetrics metrics) {
        this.name = name;
        this.card = card;
        this.model = model;
        int threads = settings.threads();
        // the queue and the batches running: a request admitted always finds room in the batcher's queue, even
        // before a worker has taken the jobs ahead of it
        int places = settings.queueCapacity() + threads * settings.maxBatch();
        this.admission = new Admission(places);
        this.batcher = new DynamicBatcher<>("seg4j-" + name, threads, places, settings.maxBatch(),
                settings.maxWaitMillis(), (key, images) -> Segmenter.of(model, key.inference().options(threads))
                        .segment(images, key.probabilities()), size -> metrics.batch(name, size));
        metrics.queue(name, batcher::queued);
    }

    /**
     * Opens a model file.
     *
     * @throws org.seg4j.BadInputException for a missing, malformed or truncated file
     */
    static ServedModel open(String name, Path file, ServerSettings settings, ServerMetrics metrics) {
        ModelCard card = ModelFile.read(file).card();
        return new ServedModel(name, card, SegmentationModel.open(file), settings, metrics);
    }

    String name() {
        return name;
    }

    ModelCard card() {
        return card;
    }

    SegmentationModel model() {
        return model;
    }

    /** Where a request takes its place before reading its upload. */
    Admission admission() {
        return admission;
    }

    /**
     * Queues an image for segmentation.
     *
     * @throws ApiException 503 when the queue is full
     */
    CompletableFuture<Prediction> segment(RgbImage image, SegmentQuery.Inference inference, boolean probabilities) {
        return batcher.submit(new BatchKey(image.width(), image.height(), inference, probabilities), image);
    }

    /** Finishes the queued requests, then frees the model. */
    @Override
    public void close() {
        batcher.close();
        model.close();
    }
}

package org.seg4j.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.seg4j.box.ScoredBox;
import org.seg4j.image.RgbImage;
import org.seg4j.nn.localize.Localizer;
import org.seg4j.nn.localize.LocalizerModel;

/**
 * A localizer model the server runs, one image at a time on one worker behind the same bounded queue as the
 * segmentation models (its multi-scale windows are not batched across images).
 */
final class ServedLocalizer implements AutoCloseable {
    private final String name;
    private final LocalizerModel model;
    private final DynamicBatcher<Boolean, RgbImage, List<ScoredBox>> queue;
    private final Admission admission;

    private ServedLocalizer(String name, LocalizerModel model, ServerSettings settings, ServerMetrics metrics) {
        this.name = name;
        this.model = model;
        Localizer localizer = model.localizer();
        this.admission = new Admission(settings.queueCapacity() + 1);
        this.queue = new DynamicBatcher<>("seg4j-" + name, 1, settings.queueCapacity() + 1, 1, 0,
                (key, images) -> List.of(localizer.localize(images.get(0)).detections()),
                size -> metrics.batch(name, size));
        metrics.queue(name, queue::queued);
    }

    /**
     * Opens a localizer model file.
     *
     * @throws org.seg4j.BadInputException for a malformed file or one holding another architecture
     */
    static ServedLocalizer open(String name, Path file, ServerSettings settings, ServerMetrics metrics) {
        return new ServedLocalizer(name, LocalizerModel.open(file), settings, metrics);
    }

    String name() {
        return name;
    }

    LocalizerModel model() {
        return model;
    }

    /** Where a request takes its place before reading its upload. */
    Admission admission() {
        return admission;
    }

    /**
     * Queues an image.
     *
     * @throws ApiException 503 when the queue is full
     */
    CompletableFuture<List<ScoredBox>> localize(RgbImage image) {
        return queue.submit(Boolean.TRUE, image);
    }

    @Override
    public void close() {
        queue.close();
        model.close();
    }
}

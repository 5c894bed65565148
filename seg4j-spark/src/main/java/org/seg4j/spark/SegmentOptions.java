package org.seg4j.spark;

import java.io.Serializable;
import java.nio.file.Path;
import org.seg4j.nn.infer.InferenceOptions;

/**
 * How {@link SparkSegmentation} segments a table of images: the inference options of every image
 * ({@link InferenceOptions}, as {@code Segmenter} takes them), how many images of a partition go through the network
 * together, and the folder label PNGs are committed to (none when null). Shipped to the executors with every task.
 *
 * @param inference      tiles, test-time augmentation and CRF, as for a single-process {@code Segmenter}
 * @param batchSize      images of a partition segmented together ({@code Segmenter.segment(List, boolean)} stacks
 *                       those of one size into one forward pass); native memory is freed after each batch
 * @param labelDirectory absolute path of the folder that receives {@code <image name>.png}, readable and writable by
 *                       every executor (a local disk in local mode, a shared file system on a cluster); null = none
 */
public record SegmentOptions(InferenceOptions inference, int batchSize, String labelDirectory)
        implements Serializable {
    public SegmentOptions {
        if (inference == null) {
            throw new IllegalArgumentException("inference options must not be null");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
    }

    /** The model's own inference (whole image, no CRF), batches of 4 images, no label PNGs. */
    public static SegmentOptions defaults() {
        return new SegmentOptions(InferenceOptions.defaults(), 4, null);
    }

    public SegmentOptions withInference(InferenceOptions options) {
        return new SegmentOptions(options, batchSize, labelDirectory);
    }

    public SegmentOptions withBatchSize(int size) {
        return new SegmentOptions(inference, size, labelDirectory);
    }

    /** Commit a palette label PNG per image into {@code folder}; null = none. */
    public SegmentOptions withLabels(Path folder) {
        return new SegmentOptions(inference, batchSize, folder == null ? null : folder.toAbsolutePath().toString());
    }

    /** The label folder, or null when no label PNGs are written. */
    public Path labelFolder() {
        return labelDirectory == null ? null : Path.of(labelDirectory);
    }
}

package org.seg4j.nn.infer;

import java.util.Arrays;
import org.seg4j.BadInputException;
import org.seg4j.crf.CrfParameters;

/**
 * How {@link Segmenter} runs a model over an image. Start from {@link #defaults()} and change what differs:
 * <pre>{@code
 * InferenceOptions.defaults().withTile(512, 0.25).withScales(0.75, 1, 1.25).withFlip(true).withCrf(CrfParameters.deepLab())
 * }</pre>
 *
 * @param tile side of the square window for sliding-window inference; 0 = the whole image in one pass
 * @param overlap fraction of a window shared with its neighbour ({@code 0 <= overlap < 1})
 * @param padMultiple the network's output stride: inputs are padded (bottom/right, with the mean colour) to a
 *     multiple of it and the logits cropped back
 * @param scales image scales for test-time augmentation, relative to the model's {@link SegmentationModel#inputScale()
 *     input scale} (1 = the resolution the model works at); probabilities are averaged over them
 * @param flip also run the horizontally mirrored image and average
 * @param rotate also run the image turned by 90, 180 and 270 degrees and average (for data without a preferred
 *     orientation, such as microscopy; with {@code flip}, all eight symmetries of the square)
 * @param crf refine the labels with the fully connected CRF with these parameters (DeepLab's post-processing,
 *     {@link CrfRefinement}); null = no CRF
 * @param threads worker threads of the CRF
 *
 * <p>Serializable, so distributed jobs (seg4j-spark) ship the options to their executors as they are.
 */
public record InferenceOptions(int tile, double overlap, int padMultiple, double[] scales, boolean flip,
        boolean rotate, CrfParameters crf, int threads) implements java.io.Serializable {
    /**
     * Checks the values.
     *
     * @throws BadInputException for a value out of range (they come from users: command-line options, configs)
     */
    public InferenceOptions {
        if (tile < 0) {
            throw new BadInputException(null, "tile must be >= 0, got " + tile);
        }
        if (!(overlap >= 0 && overlap < 1)) {
            throw new BadInputException(null, "overlap must be in [0, 1), got " + overlap);
        }
        if (padMultiple < 1) {
            throw new BadInputException(null, "padMultiple must be >= 1, got " + padMultiple);
        }
        if (scales.length == 0 || Arrays.stream(scales).anyMatch(s -> !(s > 0) || Double.isInfinite(s))) {
            throw new BadInputException(null, "scales must be positive numbers, got " + Arrays.toString(scales));
        }
        if (threads < 1) {
            throw new BadInputException(null, "threads must be >= 1, got " + threads);
        }
        scales = scales.clone();
    }

    /**
     * The whole image in one pass at the model's input scale, no test-time augmentation, no CRF; CRF threads: the
     * available processors.
     */
    public static InferenceOptions defaults() {
        return new InferenceOptions(0, 0, 1, new double[] {1}, false, false, null,
                Runtime.getRuntime().availableProcessors());
    }

    /** Sliding windows of {@code tile} x {@code tile} pixels (0 = whole image) sharing {@code overlap}. */
    public InferenceOptions withTile(int tile, double overlap) {
        return new InferenceOptions(tile, overlap, padMultiple, scales, flip, rotate, crf, threads);
    }

    public InferenceOptions withPadMultiple(int padMultiple) {
        return new InferenceOptions(tile, overlap, padMultiple, scales, flip, rotate, crf, threads);
    }

    /** Test-time scales relative to the model's input scale. */
    public InferenceOptions withScales(double... scales) {
        return new InferenceOptions(tile, overlap, padMultiple, scales, flip, rotate, crf, threads);
    }

    public InferenceOptions withFlip(boolean flip) {
        return new InferenceOptions(tile, overlap, padMultiple, scales, flip, rotate, crf, threads);
    }

    public InferenceOptions withRotate(boolean rotate) {
        return new InferenceOptions(tile, overlap, padMultiple, scales, flip, rotate, crf, threads);
    }

    /** CRF refinement with {@code crf}; null = none. */
    public InferenceOptions withCrf(CrfParameters crf) {
        return new InferenceOptions(tile, overlap, padMultiple, scales, flip, rotate, crf, threads);
    }

    public InferenceOptions withThreads(int threads) {
        return new InferenceOptions(tile, overlap, padMultiple, scales, flip, rotate, crf, threads);
    }

    /** True when the plain path applies: one scale of 1, no flip, no rotation. */
    boolean single() {
        return !flip && !rotate && scales.length == 1 && scales[0] == 1;
    }

    @Override
    public double[] scales() {
        return scales.clone();
    }
}

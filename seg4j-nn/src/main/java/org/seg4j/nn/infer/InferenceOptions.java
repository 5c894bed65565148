package org.seg4j.nn.infer;

import java.util.Arrays;
import org.seg4j.BadInputException;

/**
 * How {@link Segmenter} runs a network over an image.
 *
 * @param tile side of the square window for sliding-window inference; 0 = the whole image in one pass
 * @param overlap fraction of a window shared with its neighbour (0 <= overlap < 1)
 * @param padMultiple the network's output stride: inputs are padded (bottom/right, with the mean colour) to a
 *     multiple of it and the logits cropped back
 * @param scales image scales for test-time augmentation (1 = as is); probabilities are averaged over them
 * @param flip also run the horizontally mirrored image and average
 * @param rotate also run the image turned by 90, 180 and 270 degrees and average (for data without a preferred
 *     orientation, such as microscopy; with {@code flip}, all eight symmetries of the square)
 * @throws BadInputException for a value out of range (they come from users: command-line options, configs)
 */
public record InferenceOptions(int tile, double overlap, int padMultiple, double[] scales, boolean flip,
        boolean rotate) {
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
        if (scales.length == 0 || Arrays.stream(scales).anyMatch(s -> !(s > 0))) {
            throw new BadInputException(null, "scales must be positive numbers, got " + Arrays.toString(scales));
        }
        scales = scales.clone();
    }

    /** The whole image in one pass, one scale, no flip or rotation. */
    public static InferenceOptions whole(int padMultiple) {
        return new InferenceOptions(0, 0, padMultiple, new double[] {1}, false, false);
    }

    public static InferenceOptions sliding(int tile, double overlap, int padMultiple) {
        return new InferenceOptions(tile, overlap, padMultiple, new double[] {1}, false, false);
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

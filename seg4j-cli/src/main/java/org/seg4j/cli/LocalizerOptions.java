package org.seg4j.cli;

import java.util.Arrays;
import org.seg4j.BadInputException;
import org.seg4j.nn.localize.Localizer;
import picocli.CommandLine.Option;

/**
 * How a localizer model runs, shared by localize and eval: each option overrides the setting the model was validated
 * with during training (its card).
 */
final class LocalizerOptions {
    @Option(names = "--aspects", split = ",", paramLabel = "A,...",
            description = "Localization: window aspect ratios width/height, e.g. 1,1.6 (default: the model's).")
    double[] aspects;

    @Option(names = "--combine", paramLabel = "max|merge|nms|soft-nms",
            description = "Localization: how window boxes are combined (default: the model's, nms for the bundled one).")
    Localizer.Combination combine;

    @Option(names = "--min-score", paramLabel = "P",
            description = "Localization: lowest class probability of a window box (default: the model's).")
    Double minScore;

    @Option(names = "--iou", paramLabel = "T",
            description = "Localization: IoU threshold of nms and merge (default: the model's).")
    Double iou;

    @Option(names = "--max-detections", defaultValue = "100",
            description = "Localization: most detections kept per image (default ${DEFAULT-VALUE}).")
    int maxDetections;

    /** The trained settings with the given scales (null = the trained ones) and these options applied. */
    Localizer.Options resolve(double[] scales, Localizer.Options trained) {
        try {
            return new Localizer.Options(scales == null ? trained.scales() : Arrays.copyOf(scales, scales.length),
                    aspects == null ? trained.aspects() : aspects,
                    combine == null ? trained.combination() : combine,
                    minScore == null ? trained.minScore() : minScore, iou == null ? trained.iou() : iou, maxDetections);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(null, e.getMessage());
        }
    }
}

package org.seg4j.metrics.detection;

import java.util.Comparator;
import java.util.List;
import org.seg4j.box.ObjectBox;
import org.seg4j.box.ScoredBox;

/**
 * Single-object localization accuracy as in the ILSVRC localization task (Russakovsky et al., "ImageNet Large Scale
 * Visual Recognition Challenge", IJCV 2015, section 4.2): per image, the {@code k} highest-scoring predictions
 * (k = 1, or 5 as in ILSVRC's top-5 error); the image counts as correct when one of them has a ground-truth object's
 * class and IoU of at least the threshold (0.5) with a ground-truth box of that class. Accuracy = correct images /
 * evaluated images. Images without any ground-truth object are not evaluated (there is nothing to localize); every
 * object counts, difficult or not. Equal scores keep input order.
 */
public final class LocalizationAccuracy {
    /** The ILSVRC IoU threshold. */
    public static final double ILSVRC_IOU = 0.5;

    /**
     * @param correct images localized correctly
     * @param images images with at least one ground-truth object
     */
    public record Result(int correct, int images, double accuracy) {
    }

    private LocalizationAccuracy() {
    }

    public static Result of(List<ImageDetections> images, int topK, double iouThreshold) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, got " + topK);
        }
        int evaluated = 0;
        int correct = 0;
        for (ImageDetections image : images) {
            if (image.truth().isEmpty()) {
                continue;
            }
            evaluated++;
            List<ScoredBox> top = image.detections().stream()
                    .sorted(Comparator.comparingDouble(ScoredBox::score).reversed()).limit(topK).toList();
            if (top.stream().anyMatch(p -> hits(p, image.truth(), iouThreshold))) {
                correct++;
            }
        }
        return new Result(correct, evaluated, evaluated == 0 ? Double.NaN : (double) correct / evaluated);
    }

    private static boolean hits(ScoredBox prediction, List<ObjectBox> truth, double iouThreshold) {
        return truth.stream().anyMatch(o -> o.classId() == prediction.classId()
                && o.box().iou(prediction.box()) >= iouThreshold);
    }
}

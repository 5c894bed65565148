package org.seg4j.box;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy non-maximum suppression, as in R-CNN (Girshick et al., CVPR 2014) and Faster R-CNN (Ren et al., NIPS 2015):
 * take the highest-scoring remaining box, keep it, discard every remaining box whose IoU with it is greater than the
 * threshold, repeat. Boxes with equal scores are taken in input order. This is the rule of torchvision's
 * {@code nms} ("discards all overlapping boxes with IoU &gt; iou_threshold").
 */
public final class Nms {
    private Nms() {
    }

    /** NMS within each class; the kept boxes of all classes, highest score first. */
    public static List<ScoredBox> perClass(List<ScoredBox> boxes, double iouThreshold) {
        checkThreshold(iouThreshold);
        return ByClass.apply(boxes, group -> suppress(group, iouThreshold));
    }

    /** NMS over all boxes regardless of class: a box suppresses overlapping boxes of any class. */
    public static List<ScoredBox> classAgnostic(List<ScoredBox> boxes, double iouThreshold) {
        checkThreshold(iouThreshold);
        return suppress(boxes, iouThreshold);
    }

    private static List<ScoredBox> suppress(List<ScoredBox> boxes, double iouThreshold) {
        List<ScoredBox> sorted = ByClass.byScore(boxes);
        boolean[] removed = new boolean[sorted.size()];
        List<ScoredBox> kept = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (removed[i]) {
                continue;
            }
            Box top = sorted.get(i).box();
            kept.add(sorted.get(i));
            for (int j = i + 1; j < sorted.size(); j++) {
                if (!removed[j] && top.iou(sorted.get(j).box()) > iouThreshold) {
                    removed[j] = true;
                }
            }
        }
        return kept;
    }

    static void checkThreshold(double iouThreshold) {
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("IoU threshold must be in [0, 1], got " + iouThreshold);
        }
    }
}

package org.seg4j.metrics.detection;

import java.util.List;
import org.seg4j.box.ObjectBox;
import org.seg4j.box.ScoredBox;

/**
 * What detection metrics need of one image: its ground-truth objects (with VOC's difficult / COCO's crowd flag) and
 * the predicted boxes, in any order, in the same coordinates and training ids.
 */
public record ImageDetections(List<ObjectBox> truth, List<ScoredBox> detections) {
    public ImageDetections {
        truth = List.copyOf(truth);
        detections = List.copyOf(detections);
    }
}

package org.seg4j.metrics.detection;

/**
 * The average precision of one class and the counts behind it.
 *
 * @param ap the average precision, NaN when the class has no non-difficult ground truth (recall is undefined)
 * @param positives non-difficult ground-truth objects of the class
 * @param detections detections of the class that were judged (those matched to a difficult object are not)
 * @param truePositives judged detections that matched a ground truth first
 */
public record ClassAp(int classId, double ap, int positives, int detections, int truePositives) {
}

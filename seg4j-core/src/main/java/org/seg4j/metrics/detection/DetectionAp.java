package org.seg4j.metrics.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.seg4j.box.ObjectBox;
import org.seg4j.box.ScoredBox;

/**
 * Detection average precision as the Pascal VOC devkit computes it (VOC2010 and later, {@code VOCevaldet.m} and
 * {@code VOCap.m}; Everingham et al., "The PASCAL Visual Object Classes Challenge: A Retrospective", IJCV 2015,
 * section 3.4.1):
 * <ol>
 *   <li>the class's detections of all images are sorted by descending score (equal scores in image, then input,
 *   order);</li>
 *   <li>each detection is compared with the image's ground-truth objects of its class, difficult ones included, and
 *   takes the one of highest IoU; if that IoU is at least the threshold (0.5 in VOC) and the object is difficult the
 *   detection is ignored (neither true nor false positive); if the object is not difficult and not yet taken it is a
 *   true positive and the object is taken; otherwise (IoU too low, or the best object already taken by a
 *   higher-scoring detection: a duplicate) it is a false positive;</li>
 *   <li>precision and recall (over the non-difficult objects) after each detection; precision is made monotone from
 *   the right ({@code p(r) = max p(r')} for {@code r' >= r}) and AP is the area under that curve over all recall
 *   points: {@code sum (r_i - r_{i-1}) p_i} with the curve extended by {@code (0, 0)} and {@code (1, 0)}.</li>
 * </ol>
 * IoU is on seg4j's continuous boxes; the devkit adds 1 to widths and heights because it counts inclusive pixel
 * indices, which {@link org.seg4j.data.VocAnnotations} already turned into continuous coordinates.
 */
public final class DetectionAp {
    /** The IoU threshold of Pascal VOC. */
    public static final double VOC_IOU = 0.5;

    private DetectionAp() {
    }

    /** The AP of class {@code classId} over all images. */
    public static ClassAp of(List<ImageDetections> images, int classId, double iouThreshold) {
        record Ranked(int image, ScoredBox det) {
        }
        List<Ranked> ranked = new ArrayList<>();
        List<List<ObjectBox>> truth = new ArrayList<>();
        int positives = 0;
        for (int i = 0; i < images.size(); i++) {
            List<ObjectBox> gts = new ArrayList<>();
            for (ObjectBox o : images.get(i).truth()) {
                if (o.classId() == classId) {
                    gts.add(o);
                    positives += o.difficult() ? 0 : 1;
                }
            }
            truth.add(gts);
            for (ScoredBox d : images.get(i).detections()) {
                if (d.classId() == classId) {
                    ranked.add(new Ranked(i, d));
                }
            }
        }
        ranked.sort(Comparator.comparingDouble((Ranked r) -> r.det().score()).reversed());
        List<boolean[]> taken = truth.stream().map(g -> new boolean[g.size()]).toList();
        List<Boolean> hits = new ArrayList<>();
        for (Ranked r : ranked) {
            List<ObjectBox> gts = truth.get(r.image());
            int best = -1;
            double bestIou = Double.NEGATIVE_INFINITY;
            for (int g = 0; g < gts.size(); g++) {
                double iou = gts.get(g).box().iou(r.det().box());
                if (iou > bestIou) {
                    bestIou = iou;
                    best = g;
                }
            }
            if (best >= 0 && bestIou >= iouThreshold) {
                if (gts.get(best).difficult()) {
                    continue;
                }
                boolean[] t = taken.get(r.image());
                hits.add(!t[best]);
                t[best] = true;
            } else {
                hits.add(false);
            }
        }
        int tp = (int) hits.stream().filter(h -> h).count();
        double ap = positives == 0 ? Double.NaN : allPointsAp(hits, positives);
        return new ClassAp(classId, ap, positives, hits.size(), tp);
    }

    /** The AP of each class and their mean over the classes whose AP is defined (NaN if none is). */
    public static MeanAp mean(List<ImageDetections> images, List<Integer> classIds, double iouThreshold) {
        List<ClassAp> perClass = classIds.stream().map(c -> of(images, c, iouThreshold)).toList();
        double mean = perClass.stream().mapToDouble(ClassAp::ap).filter(a -> !Double.isNaN(a)).average()
                .orElse(Double.NaN);
        return new MeanAp(mean, perClass);
    }

    /** VOCap.m: the area under the precision-recall curve made monotone from the right, over all recall points. */
    private static double allPointsAp(List<Boolean> hits, int positives) {
        int n = hits.size();
        double[] recall = new double[n + 2];
        double[] precision = new double[n + 2];
        int tp = 0;
        for (int i = 0; i < n; i++) {
            tp += hits.get(i) ? 1 : 0;
            recall[i + 1] = (double) tp / positives;
            precision[i + 1] = (double) tp / (i + 1);
        }
        recall[n + 1] = 1;
        precision[n + 1] = 0;
        for (int i = n; i >= 0; i--) {
            precision[i] = Math.max(precision[i], precision[i + 1]);
        }
        double ap = 0;
        for (int i = 1; i <= n + 1; i++) {
            if (recall[i] != recall[i - 1]) {
                ap += (recall[i] - recall[i - 1]) * precision[i];
            }
        }
        return ap;
    }
}

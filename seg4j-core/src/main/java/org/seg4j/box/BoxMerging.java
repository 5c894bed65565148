package org.seg4j.box;

import java.util.ArrayList;
import java.util.List;

/**
 * OverFeat's greedy box merging (Sermanet, Eigen, Zhang, Mathieu, Fergus, LeCun, "OverFeat: Integrated Recognition,
 * Localization and Detection using Convolutional Networks", ICLR 2014, section 4.3), within each class: find the two
 * boxes with the smallest match score; if it is below the threshold, replace them by their merge and repeat; stop
 * when no pair is below it.
 *
 * <p>The match score is a {@link BoxDistance}. The paper describes it as "the sum of the distance between centers of
 * the two bounding boxes and the intersection area of the boxes", which taken literally makes overlapping boxes
 * <em>less</em> likely to merge; seg4j therefore offers the centre distance alone and {@code 1 - IoU}.
 *
 * <p>Merge rules ({@link Averaging}):
 * <ul>
 *   <li>{@link Averaging#MEAN}: the paper's {@code box_merge}, "the average of the two bounding boxes' coordinates"
 *   (pairwise, so a box merged early weighs less than one merged last);</li>
 *   <li>{@link Averaging#SCORE_WEIGHTED}: the probability-weighted average the lecture describes: each merged
 *   coordinate is the score-weighted mean of the coordinates of all the original boxes in the group (weights are the
 *   original scores, which must be non-negative with a positive sum), independent of the merge order.</li>
 * </ul>
 * The merged score ({@link ScoreRule}) is the sum of the group's original scores (the paper "cumulatively add[s] the
 * detection class outputs associated with the input windows from which each bounding box was predicted") or their
 * maximum. Ties between equal match scores go to the pair met first (lower index, then lower partner index, in the
 * order of the current list, where a merge takes the place of its first box and removes the second).
 */
public final class BoxMerging {
    /** How the coordinates of two merged boxes are combined. */
    public enum Averaging { MEAN, SCORE_WEIGHTED }

    /** How the score of a merged box is formed from the scores of the original boxes it covers. */
    public enum ScoreRule { SUM, MAX }

    private final BoxDistance distance;
    private final double threshold;
    private final Averaging averaging;
    private final ScoreRule scoreRule;

    /**
     * @param distance the match score; pairs are merged while the smallest is strictly below {@code threshold}
     */
    public BoxMerging(BoxDistance distance, double threshold, Averaging averaging, ScoreRule scoreRule) {
        this.distance = distance;
        this.threshold = threshold;
        this.averaging = averaging;
        this.scoreRule = scoreRule;
    }

    /** The merged boxes of all classes, highest score first. */
    public List<ScoredBox> merge(List<ScoredBox> boxes) {
        if (averaging == Averaging.SCORE_WEIGHTED) {
            double sum = 0;
            for (ScoredBox b : boxes) {
                if (b.score() < 0) {
                    throw new IllegalArgumentException("score-weighted merging needs non-negative scores, got "
                            + b.score());
                }
                sum += b.score();
            }
            if (!boxes.isEmpty() && sum <= 0) {
                throw new IllegalArgumentException("score-weighted merging needs a positive score sum");
            }
        }
        return ByClass.apply(boxes, this::mergeClass);
    }

    /** A group of merged boxes: its current box, the sum and max of its original scores. */
    private record Group(Box box, double sum, double max) {
        Group(ScoredBox b) {
            this(b.box(), b.score(), b.score());
        }
    }

    private List<ScoredBox> mergeClass(List<ScoredBox> boxes) {
        int classId = boxes.get(0).classId();
        List<Group> groups = new ArrayList<>(boxes.size());
        for (ScoredBox b : boxes) {
            groups.add(new Group(b));
        }
        ClosestPairs pairs = new ClosestPairs(groups.stream().map(Group::box).toList(), distance);
        while (true) {
            int[] pair = pairs.closest();
            if (pair == null || !(pairs.distance(pair[0], pair[1]) < threshold)) {
                break;
            }
            Group a = groups.get(pair[0]);
            Group b = groups.get(pair[1]);
            Group merged = new Group(combine(a, b), a.sum + b.sum, Math.max(a.max, b.max));
            groups.set(pair[0], merged);
            groups.set(pair[1], null);
            pairs.replace(pair[0], pair[1], merged.box);
        }
        List<ScoredBox> out = new ArrayList<>();
        for (Group g : groups) {
            if (g != null) {
                out.add(new ScoredBox(g.box, classId, scoreRule == ScoreRule.SUM ? g.sum : g.max));
            }
        }
        return out;
    }

    private Box combine(Group a, Group b) {
        double wa = averaging == Averaging.MEAN ? 0.5 : a.sum / (a.sum + b.sum);
        double wb = 1 - wa;
        return new Box(wa * a.box.x1() + wb * b.box.x1(), wa * a.box.y1() + wb * b.box.y1(),
                wa * a.box.x2() + wb * b.box.x2(), wa * a.box.y2() + wb * b.box.y2());
    }
}

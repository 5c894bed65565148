package org.seg4j.box;

/**
 * A predicted box: where, which class (a training id of the label spec) and how confident, e.g. the class
 * probability of the window it was regressed from. Scores are compared, never interpreted, by the box operations, so
 * any monotone confidence works; the probability-weighted merge of {@link BoxMerging} needs them non-negative.
 */
public record ScoredBox(Box box, int classId, double score) {
    public ScoredBox {
        if (box == null) {
            throw new IllegalArgumentException("box is null");
        }
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score is NaN for " + box);
        }
    }

    public ScoredBox withScore(double newScore) {
        return new ScoredBox(box, classId, newScore);
    }
}

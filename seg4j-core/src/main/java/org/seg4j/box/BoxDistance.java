package org.seg4j.box;

/**
 * A symmetric dissimilarity of two boxes, the "match score" of OverFeat's box merging ({@link BoxMerging}): small
 * means the two boxes describe the same object.
 */
@FunctionalInterface
public interface BoxDistance {
    double between(Box a, Box b);

    /** {@code 1 - IoU}: 0 for identical boxes, 1 for disjoint ones. */
    static BoxDistance oneMinusIou() {
        return (a, b) -> 1 - a.iou(b);
    }

    /** The Euclidean distance between the boxes' centres, in pixels. */
    static BoxDistance centreDistance() {
        return (a, b) -> Math.hypot((a.x1() + a.x2() - b.x1() - b.x2()) / 2, (a.y1() + a.y2() - b.y1() - b.y2()) / 2);
    }
}

package org.seg4j.box;

/**
 * An annotated object: its box, its class as a training id of the data set's label spec, and whether the data set
 * marks it "difficult" (VOC) or "crowd" (COCO), which detection metrics leave out.
 */
public record ObjectBox(Box box, int classId, boolean difficult) {
}

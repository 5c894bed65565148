package org.seg4j.data.coco;

import org.seg4j.box.Box;

/**
 * An entry of a COCO file's {@code annotations} list.
 *
 * @param categoryId the COCO category id as in the file (mapped to a training id by the data set's label spec)
 * @param x the box {@code bbox = [x, y, width, height]}, in pixels from the top-left corner
 * @param area the file's {@code area}, NaN when absent. For COCO's polygons it is the polygons' exact (shoelace)
 *     area, not a pixel count; for COCO 2017's crowd masks it exceeds the mask's pixel count (by 1% to 33% in the
 *     six of coco2017-tiny), so it is a size class for evaluation, not a mask property
 * @param crowd {@code iscrowd = 1}: a region of many objects, ignored by training and evaluation
 */
public record CocoAnnotation(long id, long imageId, int categoryId, double x, double y, double width,
        double height, double area, boolean crowd, CocoSegmentation segmentation) {
    /** The box in seg4j's convention {@code (x, y, x + width, y + height)}, or null if it has no extent. */
    public Box box() {
        return width > 0 && height > 0 ? new Box(x, y, x + width, y + height) : null;
    }
}

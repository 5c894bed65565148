package org.seg4j.data.coco;

/**
 * The {@code segmentation} of a COCO annotation: a list of polygons ({@link CocoPolygons}, ordinary objects) or a
 * run-length encoded mask ({@link Rle}, crowd regions; uncompressed or as a string in the JSON).
 */
public sealed interface CocoSegmentation permits CocoPolygons, Rle {
    /**
     * The mask on an image of this size, as pycocotools' {@code annToRLE} makes it.
     *
     * @throws IllegalArgumentException if an RLE has another size
     */
    Rle toRle(int height, int width);
}

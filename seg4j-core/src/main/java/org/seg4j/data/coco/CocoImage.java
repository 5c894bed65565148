package org.seg4j.data.coco;

/**
 * An entry of a COCO file's {@code images} list: its id, its {@code file_name} (relative to the image folder) and
 * the size the annotations were drawn on.
 */
public record CocoImage(long id, String fileName, int width, int height) {
}

package org.seg4j.data;

import java.nio.file.Path;
import org.seg4j.BadInputException;
import org.seg4j.box.Box;

/**
 * Checks that an annotated box lies on its image, {@code [0, width] x [0, height]} in seg4j's continuous
 * coordinates, allowing {@link #TOLERANCE} pixel beyond each border for annotation tools that round or mix up
 * inclusive and exclusive ends. A box further out means the annotation belongs to another image or another size;
 * readers report it as a bad sample, which {@link SampleReader} fails on or skips and counts.
 */
public final class BoxBounds {
    /** How far, in pixels, a box may reach past the image border. */
    public static final double TOLERANCE = 1.0;

    private BoxBounds() {
    }

    /**
     * @param what the box's description for the message, e.g. "object 3 (car)"
     * @throws BadInputException naming {@code file} if the box reaches more than the tolerance past a border
     */
    public static void requireInside(Path file, String what, Box box, int width, int height) {
        if (box.x1() < -TOLERANCE || box.y1() < -TOLERANCE || box.x2() > width + TOLERANCE
                || box.y2() > height + TOLERANCE) {
            throw new BadInputException(file, what + " has box (" + box.x1() + ", " + box.y1() + ") - (" + box.x2()
                    + ", " + box.y2() + ") outside the " + width + "x" + height + " image");
        }
    }
}

package org.seg4j.data.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.Sample;
import org.seg4j.image.QuarterTurns;

/**
 * Rotates by a uniformly drawn multiple of 90 degrees (0, 90, 180 or 270, counter-clockwise), the rotation part of
 * the U-Net paper's augmentation for microscopy (Ronneberger, Fischer, Brox 2015, section 3.1), where orientation
 * carries no meaning. With {@link HorizontalFlip} it covers all eight symmetries of the square. A quarter turn of a
 * W x H sample gives an H x W one, so a pipeline that batches its output needs square crops.
 *
 * <p>Pixels move as {@link QuarterTurns} says; a box [x1, x2] x [y1, y2] in continuous coordinates becomes
 * [y1, y2] x [W - x2, W - x1] with each counter-clockwise turn.
 */
public final class QuarterTurn implements Augmentation {
    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        return turn(s, rng.nextInt(4));
    }

    /** The sample turned {@code turns} times counter-clockwise. */
    static Sample turn(Sample s, int turns) {
        if (turns == 0) {
            return s;
        }
        List<ObjectBox> boxes = s.boxes();
        int w = s.width();
        int h = s.height();
        for (int i = 0; i < turns; i++) {
            List<ObjectBox> turned = new ArrayList<>(boxes.size());
            for (ObjectBox ob : boxes) {
                Box b = ob.box();
                turned.add(new ObjectBox(new Box(b.y1(), w - b.x2(), b.y2(), w - b.x1()), ob.classId(),
                        ob.difficult()));
            }
            boxes = turned;
            int t = w;
            w = h;
            h = t;
        }
        return s.with(QuarterTurns.turn(s.image(), turns),
                s.label() == null ? null : QuarterTurns.turn(s.label(), turns), boxes);
    }
}

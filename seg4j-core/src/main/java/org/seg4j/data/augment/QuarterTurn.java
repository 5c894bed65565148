package org.seg4j.data.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.Sample;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;

/**
 * Rotates by a uniformly drawn multiple of 90 degrees (0, 90, 180 or 270, counter-clockwise), the rotation part of
 * the U-Net paper's augmentation for microscopy (Ronneberger, Fischer, Brox 2015, section 3.1), where orientation
 * carries no meaning. With {@link HorizontalFlip} it covers all eight symmetries of the square. A quarter turn of a
 * W x H sample gives an H x W one, so a pipeline that batches its output needs square crops.
 *
 * <p>Counter-clockwise by 90 degrees in image coordinates (y down): source pixel (x, y) moves to (y, W - 1 - x); a
 * box [x1, x2] x [y1, y2] in continuous coordinates becomes [y1, y2] x [W - x2, W - x1].
 */
public final class QuarterTurn implements Augmentation {
    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        int turns = rng.nextInt(4);
        Sample out = s;
        for (int i = 0; i < turns; i++) {
            out = turnOnce(out);
        }
        return out;
    }

    /** One counter-clockwise quarter turn. */
    static Sample turnOnce(Sample s) {
        int w = s.width();
        int h = s.height();
        // the result is h wide and w high; its pixel (y, w - 1 - x) is the source's (x, y)
        byte[] in = s.image().data();
        byte[] out = new byte[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int src = 3 * (y * w + x);
                int dst = 3 * ((w - 1 - x) * h + y);
                out[dst] = in[src];
                out[dst + 1] = in[src + 1];
                out[dst + 2] = in[src + 2];
            }
        }
        LabelMap label = null;
        if (s.label() != null) {
            byte[] lin = s.label().data();
            byte[] lout = new byte[lin.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    lout[(w - 1 - x) * h + y] = lin[y * w + x];
                }
            }
            label = new LabelMap(h, w, lout);
        }
        List<ObjectBox> boxes = new ArrayList<>(s.boxes().size());
        for (ObjectBox ob : s.boxes()) {
            Box b = ob.box();
            boxes.add(new ObjectBox(new Box(b.y1(), w - b.x2(), b.y2(), w - b.x1()), ob.classId(), ob.difficult()));
        }
        return s.with(new RgbImage(h, w, out), label, boxes);
    }
}

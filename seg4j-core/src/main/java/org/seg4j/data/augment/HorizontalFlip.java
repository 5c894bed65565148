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
 * Mirrors left-right with probability {@code p} (default 0.5): pixel x moves to W - 1 - x, and a box [x1, x2] in
 * continuous coordinates becomes [W - x2, W - x1].
 */
public final class HorizontalFlip implements Augmentation {
    private final double p;

    public HorizontalFlip() {
        this(0.5);
    }

    public HorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        if (!(rng.nextDouble() < p)) {
            return s;
        }
        int w = s.width();
        int h = s.height();
        byte[] in = s.image().data();
        byte[] out = new byte[in.length];
        for (int y = 0; y < h; y++) {
            int row = 3 * y * w;
            for (int x = 0; x < w; x++) {
                int src = row + 3 * x;
                int dst = row + 3 * (w - 1 - x);
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
                int row = y * w;
                for (int x = 0; x < w; x++) {
                    lout[row + w - 1 - x] = lin[row + x];
                }
            }
            label = new LabelMap(w, h, lout);
        }
        List<ObjectBox> boxes = new ArrayList<>(s.boxes().size());
        for (ObjectBox ob : s.boxes()) {
            Box b = ob.box();
            boxes.add(new ObjectBox(new Box(w - b.x2(), b.y1(), w - b.x1(), b.y2()), ob.classId(), ob.difficult()));
        }
        return s.with(new RgbImage(w, h, out), label, boxes);
    }
}

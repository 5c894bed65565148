package org.seg4j.data.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.Sample;
import org.seg4j.image.ImageOps;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;

/**
 * Resizes by a ratio drawn uniformly from [min, max], keeping the aspect ratio (mmsegmentation's
 * {@code Resize(ratio_range=(0.5, 2.0))} applied to the image's own size): the image bilinearly
 * ({@link ImageOps#resizeBilinear}), the labels by nearest neighbour so no label value is invented, the boxes by the
 * exact per-axis factor new size / old size. Sides are rounded to whole pixels, at least 1.
 */
public final class RandomScale implements Augmentation {
    private final double min;
    private final double max;

    /** Ratios 0.5 to 2.0, the range of the DeepLab and mmsegmentation training recipes. */
    public RandomScale() {
        this(0.5, 2.0);
    }

    public RandomScale(double min, double max) {
        if (!(min > 0) || !(max >= min)) {
            throw new IllegalArgumentException("scale range must satisfy 0 < min <= max, got " + min + ".." + max);
        }
        this.min = min;
        this.max = max;
    }

    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        double ratio = min == max ? min : rng.nextDouble(min, max);
        int w = Math.max(1, (int) Math.round(s.width() * ratio));
        int h = Math.max(1, (int) Math.round(s.height() * ratio));
        if (w == s.width() && h == s.height()) {
            return s;
        }
        RgbImage image = ImageOps.resizeBilinear(s.image(), w, h);
        LabelMap label = s.label() == null ? null : ImageOps.resizeNearest(s.label(), w, h);
        double sx = (double) w / s.width();
        double sy = (double) h / s.height();
        List<ObjectBox> boxes = new ArrayList<>(s.boxes().size());
        for (ObjectBox ob : s.boxes()) {
            Box b = ob.box();
            boxes.add(new ObjectBox(new Box(b.x1() * sx, b.y1() * sy, b.x2() * sx, b.y2() * sy), ob.classId(),
                    ob.difficult()));
        }
        return s.with(image, label, boxes);
    }
}

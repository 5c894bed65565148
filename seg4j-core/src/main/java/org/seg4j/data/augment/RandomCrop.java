package org.seg4j.data.augment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.Sample;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.label.LabelSpec;

/**
 * Cuts a {@code width x height} window at an offset drawn uniformly from every position where it fits (as
 * mmsegmentation's {@code RandomCrop}, offset = randint(0, W - width + 1)). Along a side where the image is smaller
 * than the window the offset is 0 and the window is padded at the right/bottom (as mmsegmentation's {@code Pad}):
 * the image with the fill colour (default black, mmsegmentation's {@code pad_val=0}), the labels with the ignore
 * index, so padding never counts in the loss or the metrics. The output always has exactly the window's size, which
 * is what lets samples be batched.
 *
 * <p>Boxes are shifted by the offset and clipped to the window; a box whose clipped width or height is below
 * {@code minBoxSide} pixels (default 1) is dropped, since almost nothing of the object is left in view.
 */
public final class RandomCrop implements Augmentation {
    private final int width;
    private final int height;
    private final int ignoreIndex;
    private final int fillRgb;
    private final double minBoxSide;

    /** A crop padding labels with {@code spec}'s ignore index and the image with black, minimum box side 1 px. */
    public RandomCrop(int width, int height, LabelSpec spec) {
        this(width, height, spec.ignoreIndex(), 0, 1.0);
    }

    /**
     * @param fillRgb the padding colour as 0xRRGGBB
     * @param minBoxSide boxes narrower or shorter than this after clipping are dropped (must be positive)
     */
    public RandomCrop(int width, int height, int ignoreIndex, int fillRgb, double minBoxSide) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("crop size must be positive, got " + width + "x" + height);
        }
        if (ignoreIndex < 0 || ignoreIndex > 255) {
            throw new IllegalArgumentException("ignore index must be 0..255, got " + ignoreIndex);
        }
        if (!(minBoxSide > 0)) {
            throw new IllegalArgumentException("minimum box side must be positive, got " + minBoxSide);
        }
        this.width = width;
        this.height = height;
        this.ignoreIndex = ignoreIndex;
        this.fillRgb = fillRgb & 0xFFFFFF;
        this.minBoxSide = minBoxSide;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        int ox = s.width() > width ? rng.nextInt(s.width() - width + 1) : 0;
        int oy = s.height() > height ? rng.nextInt(s.height() - height + 1) : 0;
        return crop(s, ox, oy);
    }

    /** The window with its top-left corner at (ox, oy) of the sample, padded where the sample ends. */
    Sample crop(Sample s, int ox, int oy) {
        int cw = Math.min(width, s.width() - ox);
        int ch = Math.min(height, s.height() - oy);
        byte[] out = new byte[3 * width * height];
        if (cw < width || ch < height) {
            fill(out);
        }
        byte[] in = s.image().data();
        for (int y = 0; y < ch; y++) {
            System.arraycopy(in, 3 * ((oy + y) * s.width() + ox), out, 3 * y * width, 3 * cw);
        }
        LabelMap label = null;
        if (s.label() != null) {
            byte[] lout = new byte[width * height];
            if (cw < width || ch < height) {
                Arrays.fill(lout, (byte) ignoreIndex);
            }
            byte[] lin = s.label().data();
            for (int y = 0; y < ch; y++) {
                System.arraycopy(lin, (oy + y) * s.width() + ox, lout, y * width, cw);
            }
            label = new LabelMap(width, height, lout);
        }
        List<ObjectBox> boxes = new ArrayList<>(s.boxes().size());
        for (ObjectBox ob : s.boxes()) {
            Box b = ob.box();
            double x1 = Math.max(0, b.x1() - ox);
            double y1 = Math.max(0, b.y1() - oy);
            double x2 = Math.min(cw, b.x2() - ox);
            double y2 = Math.min(ch, b.y2() - oy);
            if (x2 - x1 >= minBoxSide && y2 - y1 >= minBoxSide) {
                boxes.add(new ObjectBox(new Box(x1, y1, x2, y2), ob.classId(), ob.difficult()));
            }
        }
        return s.with(new RgbImage(width, height, out), label, boxes);
    }

    private void fill(byte[] out) {
        byte r = (byte) (fillRgb >> 16);
        byte g = (byte) (fillRgb >> 8);
        byte b = (byte) fillRgb;
        for (int i = 0; i < out.length; i += 3) {
            out[i] = r;
            out[i + 1] = g;
            out[i + 2] = b;
        }
    }
}

package org.seg4j.render;

import org.seg4j.box.Box;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.label.LabelSpec;

/**
 * Drawing what seg4j computes onto images: label maps colourised with their spec's palette, blended over the image,
 * and box outlines. It sits above {@code image}, {@code label} and {@code box}, which do not depend on each other's
 * drawing.
 */
public final class Rendering {
    private Rendering() {
    }

    /** Paints each pixel with the colour of its training id (ignore in the ignore colour). */
    public static RgbImage colorize(LabelMap labels, LabelSpec spec) {
        int[] palette = spec.palette();
        byte[] in = labels.data();
        byte[] out = new byte[3 * in.length];
        for (int i = 0, j = 0; i < in.length; i++, j += 3) {
            int c = palette[in[i] & 0xFF];
            out[j] = (byte) (c >> 16);
            out[j + 1] = (byte) (c >> 8);
            out[j + 2] = (byte) c;
        }
        return new RgbImage(labels.width(), labels.height(), out);
    }

    /** Blends the colourised labels over the image: {@code alpha * label + (1 - alpha) * image}; ignore stays image. */
    public static RgbImage overlay(RgbImage image, LabelMap labels, LabelSpec spec, double alpha) {
        if (image.width() != labels.width() || image.height() != labels.height()) {
            throw new IllegalArgumentException("image " + image.width() + "x" + image.height()
                    + " and labels " + labels.width() + "x" + labels.height() + " differ in size");
        }
        int[] palette = spec.palette();
        byte[] in = image.data();
        byte[] lab = labels.data();
        byte[] out = new byte[in.length];
        for (int i = 0, j = 0; i < lab.length; i++, j += 3) {
            int l = lab[i] & 0xFF;
            double a = l == spec.ignoreIndex() ? 0 : alpha;
            int c = palette[l];
            out[j] = blend(in[j], c >> 16, a);
            out[j + 1] = blend(in[j + 1], c >> 8, a);
            out[j + 2] = blend(in[j + 2], c, a);
        }
        return new RgbImage(image.width(), image.height(), out);
    }

    /** Draws the outline of a box, 2 pixels wide, clipped to the image. */
    public static void drawBox(RgbImage image, Box box, int rgb) {
        int x1 = clamp((int) Math.floor(box.x1()), image.width() - 1);
        int y1 = clamp((int) Math.floor(box.y1()), image.height() - 1);
        int x2 = clamp((int) Math.ceil(box.x2()) - 1, image.width() - 1);
        int y2 = clamp((int) Math.ceil(box.y2()) - 1, image.height() - 1);
        for (int t = 0; t < 2; t++) {
            for (int x = x1; x <= x2; x++) {
                image.set(x, clamp(y1 + t, image.height() - 1), rgb);
                image.set(x, clamp(y2 - t, image.height() - 1), rgb);
            }
            for (int y = y1; y <= y2; y++) {
                image.set(clamp(x1 + t, image.width() - 1), y, rgb);
                image.set(clamp(x2 - t, image.width() - 1), y, rgb);
            }
        }
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    private static byte blend(byte base, int color, double alpha) {
        return (byte) Math.round((1 - alpha) * (base & 0xFF) + alpha * (color & 0xFF));
    }
}

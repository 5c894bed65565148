package org.seg4j.image;

import org.seg4j.label.LabelSpec;

/**
 * Pixel operations on images and label maps: resizing (bilinear for images, nearest for labels, both with the
 * half-pixel convention: source coordinate = (x + 0.5) * scale - 0.5), colourising labels with a spec's palette, and
 * blending a colourised label map over its image.
 */
public final class ImageOps {
    private ImageOps() {
    }

    /** Bilinear resize with half-pixel centres and edge clamping (as PIL/OpenCV INTER_LINEAR when up-sampling). */
    public static RgbImage resizeBilinear(RgbImage src, int width, int height) {
        if (width == src.width() && height == src.height()) {
            return src.copy();
        }
        int sw = src.width();
        int sh = src.height();
        byte[] in = src.data();
        byte[] out = new byte[3 * width * height];
        double sx = (double) sw / width;
        double sy = (double) sh / height;
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        float[] fx = new float[width];
        for (int x = 0; x < width; x++) {
            double u = Math.max(0, (x + 0.5) * sx - 0.5);
            x0[x] = Math.min((int) u, sw - 1);
            x1[x] = Math.min(x0[x] + 1, sw - 1);
            fx[x] = (float) (u - x0[x]);
        }
        for (int y = 0; y < height; y++) {
            double v = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) v, sh - 1);
            int y1 = Math.min(y0 + 1, sh - 1);
            float fy = (float) (v - y0);
            int r0 = y0 * sw;
            int r1 = y1 * sw;
            int o = 3 * y * width;
            for (int x = 0; x < width; x++) {
                int a = 3 * (r0 + x0[x]);
                int b = 3 * (r0 + x1[x]);
                int c = 3 * (r1 + x0[x]);
                int d = 3 * (r1 + x1[x]);
                float wx = fx[x];
                for (int ch = 0; ch < 3; ch++) {
                    float top = (in[a + ch] & 0xFF) + wx * ((in[b + ch] & 0xFF) - (in[a + ch] & 0xFF));
                    float bottom = (in[c + ch] & 0xFF) + wx * ((in[d + ch] & 0xFF) - (in[c + ch] & 0xFF));
                    out[o++] = (byte) Math.round(top + fy * (bottom - top));
                }
            }
        }
        return new RgbImage(width, height, out);
    }

    /** Nearest-neighbour resize: the label at the source pixel containing the target pixel's centre. */
    public static LabelMap resizeNearest(LabelMap src, int width, int height) {
        int sw = src.width();
        int sh = src.height();
        byte[] in = src.data();
        byte[] out = new byte[width * height];
        int[] xs = new int[width];
        for (int x = 0; x < width; x++) {
            xs[x] = Math.min((int) ((x + 0.5) * sw / width), sw - 1);
        }
        for (int y = 0; y < height; y++) {
            int sy = Math.min((int) ((y + 0.5) * sh / height), sh - 1);
            int row = sy * sw;
            for (int x = 0; x < width; x++) {
                out[y * width + x] = in[row + xs[x]];
            }
        }
        return new LabelMap(width, height, out);
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
    public static void drawBox(RgbImage image, org.seg4j.box.Box box, int rgb) {
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

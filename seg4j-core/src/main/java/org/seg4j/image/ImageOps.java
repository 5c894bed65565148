package org.seg4j.image;

/**
 * Resizing images and label maps: bilinear for images, nearest for labels, both with the half-pixel convention
 * (source coordinate = (x + 0.5) * scale - 0.5). Drawing labels and boxes is {@link org.seg4j.render.Rendering}.
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
}

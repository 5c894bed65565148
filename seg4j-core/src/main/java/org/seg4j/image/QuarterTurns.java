package org.seg4j.image;

/**
 * Rotation of a W x H raster by {@code turns} quarter turns counter-clockwise (in image coordinates, y down), for
 * images, label maps and channel planes alike. One turn sends source pixel (x, y) to (y, W - 1 - x) of an H x W
 * result; two to (W - 1 - x, H - 1 - y); three to (H - 1 - y, x) of an H x W result. {@code turns} is taken
 * modulo 4, so {@code turn(turn(a, k), 4 - k)} is {@code a}.
 */
public final class QuarterTurns {
    private QuarterTurns() {
    }

    /** For each pixel of the turned raster (row-major), the index of the source pixel it comes from. */
    public static int[] sourceIndices(int w, int h, int turns) {
        int k = Math.floorMod(turns, 4);
        int outW = k % 2 == 0 ? w : h;
        int outH = k % 2 == 0 ? h : w;
        int[] src = new int[w * h];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int sx;
                int sy;
                switch (k) {
                    case 0 -> { sx = x; sy = y; }
                    case 1 -> { sx = w - 1 - y; sy = x; }
                    case 2 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    default -> { sx = y; sy = h - 1 - x; }
                }
                src[y * outW + x] = sy * w + sx;
            }
        }
        return src;
    }

    public static RgbImage turn(RgbImage image, int turns) {
        int w = image.width();
        int h = image.height();
        int[] src = sourceIndices(w, h, turns);
        byte[] in = image.data();
        byte[] out = new byte[in.length];
        for (int i = 0; i < src.length; i++) {
            int s = 3 * src[i];
            out[3 * i] = in[s];
            out[3 * i + 1] = in[s + 1];
            out[3 * i + 2] = in[s + 2];
        }
        return Math.floorMod(turns, 2) == 0 ? new RgbImage(w, h, out) : new RgbImage(h, w, out);
    }

    public static LabelMap turn(LabelMap labels, int turns) {
        int w = labels.width();
        int h = labels.height();
        byte[] out = gather(labels.data(), sourceIndices(w, h, turns));
        return Math.floorMod(turns, 2) == 0 ? new LabelMap(w, h, out) : new LabelMap(h, w, out);
    }

    /** {@code channels} planes of W x H floats ({@code [c][y][x]}) turned; the result's planes are turned alike. */
    public static float[] turnPlanes(float[] planes, int channels, int w, int h, int turns) {
        int[] src = sourceIndices(w, h, turns);
        int n = w * h;
        float[] out = new float[planes.length];
        for (int c = 0; c < channels; c++) {
            int base = c * n;
            for (int i = 0; i < n; i++) {
                out[base + i] = planes[base + src[i]];
            }
        }
        return out;
    }

    private static byte[] gather(byte[] in, int[] src) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = in[src[i]];
        }
        return out;
    }
}

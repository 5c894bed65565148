package org.seg4j.image;


/**
 * Turns an 8-bit RGB image into the float input of a network: planar CHW (all red, then all green, then all blue,
 * each row-major), every value {@code (v / 255 - mean[c]) / std[c]}. The default is the ImageNet statistics used by
 * torchvision's pretrained models, mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225). Computed through a
 * 3 x 256 lookup table, so the cost is one load per value.
 */
public final class Normalization {
    private final float[] mean;
    private final float[] std;
    private final float[] table = new float[3 * 256];

    public Normalization(float[] mean, float[] std) {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (R, G, B)");
        }
        for (int c = 0; c < 3; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + std[c] + " for channel " + c);
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                table[256 * c + v] = (v / 255f - mean[c]) / std[c];
            }
        }
    }

    /** ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225), on values scaled to [0, 1]. */
    public static Normalization imagenet() {
        return new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    /** The image as a new CHW array of 3 * height * width floats. */
    public float[] toChw(RgbImage img) {
        float[] out = new float[3 * img.width() * img.height()];
        toChw(img, out, 0);
        return out;
    }

    /**
     * Writes the {@code width x height} window of {@code img} whose top-left pixel is ({@code x0}, {@code y0}) as CHW
     * floats into the top-left corner of {@code dst}, a CHW array of 3 planes of {@code dstHeight x dstWidth} (at
     * least the window's size); the rest of {@code dst} is left as it is. Copies no pixels on the way, so a sliding
     * window can reuse one buffer for every tile.
     */
    public void windowToChw(RgbImage img, int x0, int y0, int width, int height, float[] dst, int dstWidth,
            int dstHeight) {
        if (x0 < 0 || y0 < 0 || x0 + width > img.width() || y0 + height > img.height()) {
            throw new IndexOutOfBoundsException("window " + width + "x" + height + " at (" + x0 + ", " + y0
                    + ") is not inside the " + img.width() + "x" + img.height() + " image");
        }
        if (width > dstWidth || height > dstHeight || dst.length < 3 * dstWidth * dstHeight) {
            throw new IndexOutOfBoundsException("window " + width + "x" + height + " does not fit a buffer of 3 x "
                    + dstHeight + " x " + dstWidth + " (" + dst.length + " floats)");
        }
        byte[] in = img.data();
        int plane = dstWidth * dstHeight;
        for (int y = 0; y < height; y++) {
            int i = 3 * ((y0 + y) * img.width() + x0);
            int r = y * dstWidth;
            for (int x = 0; x < width; x++, i += 3) {
                dst[r + x] = table[in[i] & 0xFF];
                dst[plane + r + x] = table[256 + (in[i + 1] & 0xFF)];
                dst[2 * plane + r + x] = table[512 + (in[i + 2] & 0xFF)];
            }
        }
    }

    /** Writes the image as CHW floats into {@code dst} from {@code offset} on (3 * height * width values). */
    public void toChw(RgbImage img, float[] dst, int offset) {
        byte[] in = img.data();
        int plane = img.width() * img.height();
        if (offset < 0 || offset + 3 * plane > dst.length) {
            throw new IndexOutOfBoundsException("need " + 3 * plane + " floats from " + offset + " in " + dst.length);
        }
        int g = offset + plane;
        int b = offset + 2 * plane;
        for (int p = 0, i = 0; p < plane; p++, i += 3) {
            dst[offset + p] = table[in[i] & 0xFF];
            dst[g + p] = table[256 + (in[i + 1] & 0xFF)];
            dst[b + p] = table[512 + (in[i + 2] & 0xFF)];
        }
    }
}

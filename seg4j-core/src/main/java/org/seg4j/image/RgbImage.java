package org.seg4j.image;

import java.util.Arrays;

/**
 * An 8-bit RGB image stored row-major and interleaved: pixel (x, y) has its red, green and blue bytes at
 * {@code 3 * (y * width + x) + {0, 1, 2}}.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] rgb;

    public RgbImage(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (rgb.length != 3 * width * height) {
            throw new IllegalArgumentException("expected " + 3 * width * height + " bytes, got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    public static RgbImage blank(int width, int height) {
        return new RgbImage(width, height, new byte[3 * width * height]);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The backing array (not a copy). */
    public byte[] data() {
        return rgb;
    }

    /** Channel c (0 = red, 1 = green, 2 = blue) of pixel (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return rgb[3 * (y * width + x) + c] & 0xFF;
    }

    /** The pixel as 0xRRGGBB. */
    public int rgbAt(int x, int y) {
        int i = 3 * (y * width + x);
        return (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF);
    }

    public void set(int x, int y, int rgbValue) {
        int i = 3 * (y * width + x);
        rgb[i] = (byte) (rgbValue >> 16);
        rgb[i + 1] = (byte) (rgbValue >> 8);
        rgb[i + 2] = (byte) rgbValue;
    }

    public RgbImage copy() {
        return new RgbImage(width, height, rgb.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other && other.width == width && other.height == height
                && Arrays.equals(other.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}

package org.seg4j.nn.model;

/** The channel multiplier of reduced-width networks. */
final class Width {
    private Width() {
    }

    /** Returns {@code width} if it is a usable multiplier (positive), else throws IllegalArgumentException. */
    static double checked(double width) {
        if (!(width > 0)) {
            throw new IllegalArgumentException("width must be positive, got " + width);
        }
        return width;
    }

    /** {@code channels * width} rounded half up, at least 1 (so 1/64 of VGG's 64 channels is 1). */
    static int scaled(int channels, double width) {
        return Math.max(1, (int) Math.floor(channels * width + 0.5));
    }
}

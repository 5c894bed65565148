package org.seg4j.nn.infer;

/**
 * Window positions along one axis for sliding-window inference: windows of length {@code tile} every
 * {@code stride = ceil(tile * (1 - overlap))} pixels, the last one flush with the end, so every pixel is covered and no
 * window leaves the image (an axis shorter than the tile gets one window at 0, padded).
 */
final class Tiling {
    private Tiling() {
    }

    static int[] starts(int length, int tile, double overlap) {
        if (length <= tile) {
            return new int[] {0};
        }
        int stride = Math.max(1, (int) Math.ceil(tile * (1 - overlap)));
        int count = (length - tile + stride - 1) / stride + 1;
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = Math.min(i * stride, length - tile);
        }
        return starts;
    }
}

package org.seg4j.nn.model;

/**
 * Size arithmetic of a U-Net with {@code D} poolings (Ronneberger, Fischer &amp; Brox, MICCAI 2015, Fig. 1), per
 * spatial axis.
 *
 * <p>Valid (unpadded) convolutions: each level's two 3x3 convolutions remove 4 pixels, each pool halves (the size
 * before it must be even), each 2x2 up-convolution doubles. With bottom size {@code b} (after the bottom level's two
 * convolutions), level k's input is {@code a_k = 2 a_(k+1) + 4}, {@code a_(D+1) = b + 4}, so the network input is
 * {@code P = 2^D (b + 4) + 4 (2^D - 1)} and its output {@code O = 2^D b - 4 (2^D - 1)}: {@code P - O = 12 * 2^D - 8},
 * 184 pixels (92 per side) for {@code D = 4}, where {@code b = 28} gives the paper's 572 -&gt; 388. The admitted inputs
 * are exactly these {@code P}, {@code b >= 1}: {@code P >= 2^D * 5 + 4 (2^D - 1)} and
 * {@code P = 12 * 2^D - 8 (mod 2^D)}, i.e. {@code P = 12 (mod 16)} for {@code D = 4}.
 *
 * <p>Same (padded) convolutions keep the size, so the input must be a multiple of {@code 2^D}.
 *
 * <p>Overlap-tile (paper section 2, Fig. 2): an image of any size {@code n} is mirror-padded to an admitted size and
 * the output cropped back to {@code n}. Valid: the smallest {@code b >= 1} with {@code O >= n}, i.e.
 * {@code b = max(1, ceil((n + 4 (2^D - 1)) / 2^D))}, padding {@code (P - O) / 2} before (so output pixel {@code i} is
 * centred on input pixel {@code i}) and {@code P - n - (P - O) / 2} after; e.g. 100 -&gt; O = 100, P = 284 and
 * 77 -&gt; O = 84, P = 268 for {@code D = 4}. Same: nothing before, {@code -n mod 2^D} after.
 */
public final class UNetSizes {
    private UNetSizes() {
    }

    /** Pixels a valid-padding U-Net of depth {@code d} loses across one axis: {@code 12 * 2^d - 8}. */
    public static int validLoss(int depth) {
        return 12 * (1 << depth) - 8;
    }

    /**
     * The output size of the unpadded network of depth {@code d} for an input of {@code size}.
     *
     * @throws IllegalArgumentException if the size is not admitted (a pool would meet an odd size, or a level would
     *     shrink to nothing), naming the nearest admitted sizes
     */
    public static long validOutputSize(long size, int depth) {
        long a = size;
        for (int level = 1; level <= depth; level++) {
            a -= 4;
            if (a < 2 || a % 2 != 0) {
                throw notAdmitted(size, depth);
            }
            a /= 2;
        }
        long b = a - 4;
        if (b < 1) {
            throw notAdmitted(size, depth);
        }
        return (1L << depth) * b - 4L * ((1L << depth) - 1);
    }

    /** The input size of the unpadded network whose bottom map has size {@code b} (see the class comment). */
    static long validInputSize(long bottom, int depth) {
        return (1L << depth) * (bottom + 4) + 4L * ((1L << depth) - 1);
    }

    /**
     * The reflection padding {@code {before, after}} of an axis of {@code size} pixels that makes it admitted.
     *
     * @param valid unpadded convolutions (else padded "same" ones)
     */
    public static long[] padding(long size, int depth, boolean valid) {
        if (size < 1) {
            throw new IllegalArgumentException("image size must be at least 1, got " + size);
        }
        long k = 1L << depth;
        if (!valid) {
            return new long[] {0, Math.floorMod(-size, k)};
        }
        long bottom = Math.max(1, (size + 4 * (k - 1) + k - 1) / k);
        long padded = validInputSize(bottom, depth);
        long before = validLoss(depth) / 2;
        return new long[] {before, padded - size - before};
    }

    private static IllegalArgumentException notAdmitted(long size, int depth) {
        long k = 1L << depth;
        long bottom = Math.max(1, Math.floorDiv(size - 4 * (k - 1), k) - 4);
        long below = validInputSize(bottom, depth);
        long above = below >= size ? below : validInputSize(bottom + 1, depth);
        String near = below < size ? below + " or " + above : String.valueOf(above);
        return new IllegalArgumentException("input size " + size + " is not admitted by a valid-padding U-Net of depth "
                + depth + ": it takes 2^D (b + 4) + 4 (2^D - 1) for b >= 1 (nearest: " + near + ")");
    }
}

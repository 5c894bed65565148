package org.seg4j.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Mirror padding of {@code x [N, C, H, W]} by reflection about the edge pixels, which are not repeated: numpy's
 * {@code np.pad(mode='reflect')} and, for paddings below the size, PyTorch's {@code F.pad(mode='reflect')}. Paddings
 * larger than the image reflect again (the index sequence is periodic with period {@code 2 (n - 1)}:
 * {@code 0, 1, .., n-1, n-2, .., 1, 0, 1, ..}), as numpy does; a size-1 axis is repeated. U-Net's overlap-tile strategy
 * (Ronneberger et al., MICCAI 2015, Fig. 2) extrapolates the missing context this way.
 *
 * <p>Computed as {@code Sy [H', H] @ X @ Sx^T [W, W']} with 0/1 selection matrices (one 1 per row), which is exact in
 * floating point and gives autograd the gradient (the reflected pixels' gradients add onto their sources).
 */
public final class ReflectionPad {
    private ReflectionPad() {
    }

    /** Pads {@code top}/{@code bottom} rows and {@code left}/{@code right} columns (all &gt;= 0). */
    public static NDArray pad(NDArray x, long top, long bottom, long left, long right) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("reflection padding needs x [N, C, H, W] and paddings >= 0; got " + s
                    + " with " + top + ", " + bottom + ", " + left + ", " + right);
        }
        if (top == 0 && bottom == 0 && left == 0 && right == 0) {
            return x;
        }
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        NDArray y = x;
        if (top > 0 || bottom > 0) {
            y = selection(x, h, top, bottom).matMul(y);
        }
        if (left > 0 || right > 0) {
            y = y.matMul(selection(x, w, left, right).transpose());
        }
        return y;
    }

    /** The source index of every padded position {@code -before .. size + after - 1}. */
    public static int[] indices(int size, long before, long after) {
        int[] out = new int[Math.toIntExact(size + before + after)];
        int period = 2 * (size - 1);
        for (int j = 0; j < out.length; j++) {
            long i = j - before;
            if (period == 0) {
                out[j] = 0;
            } else {
                int m = (int) Math.floorMod(i, (long) period);
                out[j] = m < size ? m : period - m;
            }
        }
        return out;
    }

    private static NDArray selection(NDArray like, int size, long before, long after) {
        int[] idx = indices(size, before, after);
        float[] m = new float[idx.length * size];
        for (int j = 0; j < idx.length; j++) {
            m[j * size + idx[j]] = 1;
        }
        return like.getManager().create(m, new Shape(idx.length, size)).toType(like.getDataType(), false);
    }
}

package org.seg4j.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Up-sampling by unpooling. {@link #maxUnpool2d} is SegNet's decoder up-sampling (Badrinarayanan, Kendall &amp;
 * Cipolla, "SegNet", TPAMI 2017, section 3): each value goes back to the position its max-pooling window took it from,
 * everything else is zero, as PyTorch's {@code F.max_unpool2d}. {@link #nearest} is "copy" unpooling (each value
 * repeated over an {@code sh x sw} block, PyTorch's {@code F.interpolate(mode='nearest')} with an integer factor).
 * Both are composed from DJL operations, so gradients flow (to the indexed positions, and summed over each block).
 */
public final class Unpooling {
    private Unpooling() {
    }

    /**
     * Writes {@code values [N, C, h, w]} into a zero tensor {@code [N, C, outH, outW]} at {@code indices} (int64, same
     * shape, flat {@code y * outW + x} per channel plane, as returned by {@link MaxPool2dIndices#maxPool2d}).
     *
     * @throws IllegalArgumentException if the shapes differ or an index falls outside the output plane
     */
    public static NDArray maxUnpool2d(NDArray values, NDArray indices, long outH, long outW) {
        Shape vs = values.getShape();
        if (vs.dimension() != 4 || !vs.equals(indices.getShape())) {
            throw new IllegalArgumentException("max unpooling needs values and indices of one shape [N, C, h, w]; got "
                    + vs + " and " + indices.getShape());
        }
        long plane = outH * outW;
        if (indices.size() > 0 && (indices.min().getLong() < 0 || indices.max().getLong() >= plane)) {
            throw new IllegalArgumentException("max unpooling index outside the " + outH + " x " + outW + " output: "
                    + indices.min().getLong() + ".." + indices.max().getLong());
        }
        long n = vs.get(0);
        long c = vs.get(1);
        long count = vs.get(2) * vs.get(3);
        NDArray zeros = values.getManager().zeros(new Shape(n, c, plane), values.getDataType());
        return zeros.scatter(indices.reshape(n, c, count), values.reshape(n, c, count), 2).reshape(n, c, outH, outW);
    }

    /** Nearest ("copy") unpooling of {@code x [N, C, h, w]} to {@code [N, C, h * sh, w * sw]}. */
    public static NDArray nearest(NDArray x, int sh, int sw) {
        if (sh < 1 || sw < 1) {
            throw new IllegalArgumentException("unpooling factors must be >= 1, got " + sh + " x " + sw);
        }
        return x.repeat(2, sh).repeat(3, sw);
    }
}

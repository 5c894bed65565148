package org.seg4j.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * 2-D max pooling that also returns the argmax indices, as PyTorch's {@code F.max_pool2d(..., return_indices=True)}
 * (which DJL 0.35.1's {@code Pool.maxPool2d} lacks); the indices feed {@link Unpooling#maxUnpool2d} (SegNet,
 * Badrinarayanan, Kendall &amp; Cipolla, TPAMI 2017). Index convention: the flat position {@code h * W + w} within the
 * input's channel plane. Output size per axis: {@code floor((i + 2p - k) / s) + 1}, or with {@code ceilMode}
 * {@code ceil(...) + 1} minus one if the last window would start in the bottom/right padding (PyTorch's rule; Caffe's
 * pooling, used by FCN, rounds up). Padding counts as minus infinity, and ties go to the first maximum in row-major
 * window order, as PyTorch's CPU kernel.
 *
 * <p>Windows are gathered into a trailing axis, then {@code argMax} picks the position and {@code gather} takes the
 * value, so the gradient flows to the argmax positions only. Non-overlapping windows (kernel = stride, e.g. 2x2 stride
 * 2) take a fast path: one reshape and transpose; other windows stack {@code kh * kw} strided slices.
 * The block form returns {@code NDList(values, indices)}.
 */
public final class MaxPool2dIndices extends AbstractBlock {
    private final Shape kernel;
    private final Shape stride;
    private final Shape padding;
    private final boolean ceilMode;

    /**
     * @param kernel window (kh, kw)
     * @param stride (sh, sw)
     * @param padding (ph, pw), at most half the window (PyTorch's limit)
     * @param ceilMode round the output size up
     */
    public MaxPool2dIndices(Shape kernel, Shape stride, Shape padding, boolean ceilMode) {
        for (int d = 0; d < 2; d++) {
            if (kernel.get(d) < 1 || stride.get(d) < 1 || padding.get(d) < 0 || 2 * padding.get(d) > kernel.get(d)) {
                throw new IllegalArgumentException("max pooling needs kernel >= 1, stride >= 1, 0 <= padding <="
                        + " kernel / 2; got kernel " + kernel + ", stride " + stride + ", padding " + padding);
            }
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
    }

    /** Window (kh, kw). */
    public Shape kernel() {
        return kernel;
    }

    /** Stride (sh, sw). */
    public Shape stride() {
        return stride;
    }

    /** Padding (ph, pw). */
    public Shape padding() {
        return padding;
    }

    /** Whether the output size rounds up. */
    public boolean ceilMode() {
        return ceilMode;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return maxPool2d(inputs.singletonOrThrow(), kernel, stride, padding, ceilMode);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape out = new Shape(in.get(0), in.get(1), outputSize(in.get(2), kernel.get(0), stride.get(0),
                padding.get(0), ceilMode), outputSize(in.get(3), kernel.get(1), stride.get(1), padding.get(1), ceilMode));
        return new Shape[] {out, out};
    }

    /** PyTorch's pooling output size (dilation 1). */
    public static long outputSize(long in, long k, long s, long p, boolean ceilMode) {
        long span = in + 2 * p - k;
        if (span < 0) {
            throw new IllegalArgumentException("pooling window " + k + " larger than the padded input " + (in + 2 * p));
        }
        long out = (ceilMode ? (span + s - 1) / s : span / s) + 1;
        if (ceilMode && (out - 1) * s >= in + p) {
            out--;
        }
        return out;
    }

    /**
     * Max-pools {@code x [N, C, H, W]}; returns {@code NDList(values [N, C, Ho, Wo], indices int64 [N, C, Ho, Wo])}.
     */
    public static NDList maxPool2d(NDArray x, Shape kernel, Shape stride, Shape padding, boolean ceilMode) {
        Shape xs = x.getShape();
        if (xs.dimension() != 4) {
            throw new IllegalArgumentException("max pooling needs x [N, C, H, W], got " + xs);
        }
        long n = xs.get(0);
        long c = xs.get(1);
        long h = xs.get(2);
        long w = xs.get(3);
        long kh = kernel.get(0);
        long kw = kernel.get(1);
        long sh = stride.get(0);
        long sw = stride.get(1);
        long ph = padding.get(0);
        long pw = padding.get(1);
        long oh = outputSize(h, kh, sh, ph, ceilMode);
        long ow = outputSize(w, kw, sw, pw, ceilMode);
        // Padded extent the windows cover: (o - 1) s + k; pad with -inf, or drop rows no window reaches.
        NDArray xp = padOrTrim(x, ph, (oh - 1) * sh + kh - h - ph, pw, (ow - 1) * sw + kw - w - pw);
        NDArray windows;
        if (kh == sh && kw == sw) {
            windows = xp.reshape(n, c, oh, kh, ow, kw).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, oh, ow, kh * kw);
        } else {
            List<NDArray> taps = new ArrayList<>();
            for (long dy = 0; dy < kh; dy++) {
                for (long dx = 0; dx < kw; dx++) {
                    taps.add(xp.get(new NDIndex(":, :, {}:{}:{}, {}:{}:{}", dy, dy + (oh - 1) * sh + 1, sh, dx,
                            dx + (ow - 1) * sw + 1, sw)));
                }
            }
            windows = NDArrays.stack(new NDList(taps), 4);
        }
        NDArray arg = windows.argMax(4);
        NDArray values = windows.gather(arg.expandDims(4), 4).squeeze(4);
        NDManager manager = x.getManager();
        long[] offsets = new long[Math.toIntExact(kh * kw)];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = (i / kw) * w + i % kw;
        }
        long[] starts = new long[Math.toIntExact(oh * ow)];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = ((i / ow) * sh - ph) * w + (i % ow) * sw - pw;
        }
        NDArray indices = manager.create(offsets).take(manager, arg).add(manager.create(starts, new Shape(oh, ow)));
        return new NDList(values, indices.toType(DataType.INT64, false));
    }

    private static NDArray padOrTrim(NDArray x, long top, long bottom, long left, long right) {
        NDArray t = x;
        if (bottom < 0 || right < 0) {
            t = t.get(new NDIndex(":, :, :{}, :{}", x.getShape().get(2) + Math.min(bottom, 0),
                    x.getShape().get(3) + Math.min(right, 0)));
        }
        long b = Math.max(bottom, 0);
        long r = Math.max(right, 0);
        if (top == 0 && b == 0 && left == 0 && r == 0) {
            return t;
        }
        return t.pad(new Shape(left, r, top, b), Double.NEGATIVE_INFINITY);
    }
}

package org.seg4j.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear resizing of {@code x [N, C, H, W]}, exactly as PyTorch's {@code F.interpolate(mode='bilinear')} with
 * either corner convention. Output pixel {@code j} reads the source coordinate {@code src = j (in - 1) / (out - 1)}
 * with {@code alignCorners} (0 when out = 1), else {@code src = max(0, (j + 0.5) / scale - 0.5)} (half-pixel centres)
 * with {@code scale = out / in}, or the given scale factor; it mixes rows {@code floor(src)} and
 * {@code min(floor(src) + 1, in - 1)} with weights {@code 1 - l} and {@code l = src - floor(src)}.
 *
 * <p>Computed as two matrix products, {@code Ry [Hout, Hin] @ X @ Rx^T [Win, Wout]}, whose rows hold those weights,
 * so autograd gives the gradient (Ry^T G Rx). For up-sampling with half-pixel centres and the scale implied by the
 * sizes, DJL 0.35.1's native interpolation (which ignores {@code alignCorners}) computes the same values with fewer
 * operations and is used instead; when down-sampling its values differ from {@code F.interpolate}'s (seen on the
 * down-sampling fixtures), so the matrix form is used there.
 */
public final class BilinearResize {
    private BilinearResize() {
    }

    /** Resizes to {@code outH x outW} ({@code F.interpolate(x, size=(outH, outW), ...)}). */
    public static NDArray resize(NDArray x, long outH, long outW, boolean alignCorners) {
        return resize(x, outH, outW, alignCorners, 0, 0);
    }

    /**
     * Resizes by scale factors: output size {@code floor(in * scale)}, and with half-pixel centres the source
     * coordinate uses the factor itself ({@code F.interpolate(x, scale_factor=(sh, sw), ...)}, PyTorch 1.13's default
     * {@code recompute_scale_factor=None}).
     */
    public static NDArray resizeByScale(NDArray x, double scaleH, double scaleW, boolean alignCorners) {
        if (!(scaleH > 0) || !(scaleW > 0)) {
            throw new IllegalArgumentException("scale factors must be positive, got " + scaleH + ", " + scaleW);
        }
        Shape s = x.getShape();
        return resize(x, (long) Math.floor(s.get(2) * scaleH), (long) Math.floor(s.get(3) * scaleW), alignCorners,
                scaleH, scaleW);
    }

    private static NDArray resize(NDArray x, long outH, long outW, boolean alignCorners, double scaleH,
            double scaleW) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || outH < 1 || outW < 1) {
            throw new IllegalArgumentException("bilinear resize needs x [N, C, H, W] and an output size >= 1; got "
                    + s + " to " + outH + " x " + outW);
        }
        int inH = Math.toIntExact(s.get(2));
        int inW = Math.toIntExact(s.get(3));
        boolean impliedScale = (scaleH == 0 || scaleH == (double) outH / inH)
                && (scaleW == 0 || scaleW == (double) outW / inW);
        if (!alignCorners && impliedScale && outH >= inH && outW >= inW) {
            return x.getNDArrayInternal().interpolation(new long[] {outH, outW}, 1, false);
        }
        NDArray ry = x.getManager().create(weights(inH, (int) outH, alignCorners, scaleH), new Shape(outH, inH))
                .toType(x.getDataType(), false);
        NDArray rxT = x.getManager().create(weights(inW, (int) outW, alignCorners, scaleW), new Shape(outW, inW))
                .toType(x.getDataType(), false).transpose();
        return ry.matMul(x).matMul(rxT);
    }

    /**
     * The interpolation matrix {@code [out, in]} (row-major) of one axis; {@code scale} 0 means {@code out / in}.
     */
    static float[] weights(int in, int out, boolean alignCorners, double scale) {
        float[] r = new float[out * in];
        for (int j = 0; j < out; j++) {
            double src;
            if (alignCorners) {
                src = out > 1 ? j * (double) (in - 1) / (out - 1) : 0;
            } else {
                double ratio = scale > 0 ? 1 / scale : (double) in / out;
                src = Math.max(0, (j + 0.5) * ratio - 0.5);
            }
            int i0 = Math.min((int) src, in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            double l = src - i0;
            r[j * in + i0] += (float) (1 - l);
            r[j * in + i1] += (float) l;
        }
        return r;
    }
}

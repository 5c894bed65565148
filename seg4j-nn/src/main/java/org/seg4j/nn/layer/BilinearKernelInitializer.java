package org.seg4j.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * Initialises a transposed-convolution weight {@code [Cin, Cout, kh, kw]} to bilinear interpolation, as FCN's
 * {@code surgery.upsample_filt} (Long, Shelhamer &amp; Darrell, "Fully Convolutional Networks for Semantic
 * Segmentation", CVPR 2015; github.com/shelhamer/fcn.berkeleyvision.org): for each channel {@code c < min(Cin, Cout)},
 * {@code weight[c, c] = f(y) g(x)} with, per axis of size k, {@code factor = (k + 1) / 2} (integer division),
 * {@code center = factor - 1} for odd k and {@code factor - 0.5} for even k, and {@code f(y) = 1 - |y - center| /
 * factor}; every other entry is 0. With stride s and kernel 2s (padding s/2) the layer up-samples each channel by s
 * bilinearly.
 */
public final class BilinearKernelInitializer implements Initializer {
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("bilinear kernel needs a [Cin, Cout, kh, kw] weight, got " + shape);
        }
        int cin = Math.toIntExact(shape.get(0));
        int cout = Math.toIntExact(shape.get(1));
        int kh = Math.toIntExact(shape.get(2));
        int kw = Math.toIntExact(shape.get(3));
        double[] fy = profile(kh);
        double[] fx = profile(kw);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int c = 0; c < Math.min(cin, cout); c++) {
            int base = (c * cout + c) * kh * kw;
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    values[base + y * kw + x] = (float) (fy[y] * fx[x]);
                }
            }
        }
        return manager.create(values, shape).toType(dataType, false);
    }

    /** The 1-D bilinear profile of a kernel of size {@code k} (one factor of FCN's {@code upsample_filt}). */
    public static double[] profile(int k) {
        int factor = (k + 1) / 2;
        double center = k % 2 == 1 ? factor - 1 : factor - 0.5;
        double[] f = new double[k];
        for (int i = 0; i < k; i++) {
            f[i] = 1 - Math.abs(i - center) / factor;
        }
        return f;
    }
}

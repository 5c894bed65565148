package org.seg4j.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Re-expresses a trained fully connected layer as a convolution (Long, Shelhamer &amp; Darrell, "Fully Convolutional
 * Networks", CVPR 2015, section 3.1; Sermanet et al., "OverFeat", ICLR 2014): a Linear with weight {@code [out, in]}
 * whose input was a {@code C x kh x kw} map flattened in row-major order ({@code torch.flatten}: index
 * {@code (c kh + y) kw + x}) equals a {@code kh x kw} convolution with weight {@code [out, C, kh, kw]}, the same numbers
 * reshaped (VGG16's fc6: 512 x 7 x 7; fc7 and fc8 are 1 x 1). On a larger input the convolution evaluates the Linear at
 * every window position.
 */
public final class FcToConv {
    private FcToConv() {
    }

    /** The convolution weight {@code [out, C, kh, kw]} of a Linear weight {@code [out, C * kh * kw]}. */
    public static NDArray convWeight(NDArray linearWeight, long channels, long kh, long kw) {
        Shape s = linearWeight.getShape();
        if (s.dimension() != 2 || s.get(1) != channels * kh * kw) {
            throw new IllegalArgumentException("a Linear weight [out, " + channels + " * " + kh + " * " + kw
                    + "] is needed for a " + channels + " x " + kh + " x " + kw + " input; got " + s);
        }
        return linearWeight.reshape(s.get(0), channels, kh, kw);
    }

    /**
     * A {@link Conv2d} (stride 1, no padding) initialised with the Linear's weight and bias (null for none), ready to
     * run on {@code [N, C, H >= kh, W >= kw]} inputs.
     */
    public static Conv2d toConv2d(NDManager manager, NDArray linearWeight, NDArray bias, int channels, int kh,
            int kw) {
        NDArray w = convWeight(linearWeight, channels, kh, kw);
        Conv2d conv = Conv2d.builder().setFilters(Math.toIntExact(w.getShape().get(0)))
                .setKernelShape(new Shape(kh, kw)).optBias(bias != null).build();
        conv.initialize(manager, DataType.FLOAT32, new Shape(1, channels, kh, kw));
        conv.getParameters().get("weight").getArray().set(w.toType(DataType.FLOAT32, false).toFloatArray());
        if (bias != null) {
            conv.getParameters().get("bias").getArray().set(bias.toType(DataType.FLOAT32, false).toFloatArray());
        }
        return conv;
    }
}

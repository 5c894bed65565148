package org.seg4j.nn.layer;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Builds dilated ("atrous") square convolutions as DJL {@link Conv2d} blocks (parameter names {@code weight},
 * {@code bias}, PyTorch's {@code nn.Conv2d} layout): kernel k, dilation d, stride 1, and by default the "same" padding
 * {@code d (k - 1) / 2} that keeps the spatial size for odd k (Chen et al., "DeepLab", TPAMI 2018, section 3.1; Yu
 * &amp; Koltun, "Multi-scale context aggregation by dilated convolutions", ICLR 2016). A thin builder: the
 * convolution itself is DJL's.
 */
public final class DilatedConv2d {
    private int filters = -1;
    private int kernel = 3;
    private int dilation = 1;
    private int padding = -1;
    private int stride = 1;
    private boolean bias = true;

    private DilatedConv2d() {
    }

    public static DilatedConv2d builder() {
        return new DilatedConv2d();
    }

    /** Output channels (required). */
    public DilatedConv2d setFilters(int filters) {
        this.filters = filters;
        return this;
    }

    /** Square kernel size (default 3). */
    public DilatedConv2d optKernel(int kernel) {
        this.kernel = kernel;
        return this;
    }

    /** Dilation rate (default 1). */
    public DilatedConv2d optDilation(int dilation) {
        this.dilation = dilation;
        return this;
    }

    /** Explicit padding instead of "same" (e.g. 0 for a valid convolution). */
    public DilatedConv2d optPadding(int padding) {
        this.padding = padding;
        return this;
    }

    public DilatedConv2d optStride(int stride) {
        this.stride = stride;
        return this;
    }

    public DilatedConv2d optBias(boolean bias) {
        this.bias = bias;
        return this;
    }

    /**
     * @throws IllegalArgumentException without filters, with kernel/dilation/stride below 1, or with "same" padding
     *     for an even kernel (no symmetric padding keeps the size)
     */
    public Conv2d build() {
        if (filters < 1 || kernel < 1 || dilation < 1 || stride < 1) {
            throw new IllegalArgumentException("dilated convolution needs filters, kernel, dilation, stride >= 1;"
                    + " got " + filters + ", " + kernel + ", " + dilation + ", " + stride);
        }
        if (padding < 0 && kernel % 2 == 0) {
            throw new IllegalArgumentException("'same' padding needs an odd kernel, got " + kernel);
        }
        int pad = padding >= 0 ? padding : samePadding(kernel, dilation);
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optDilation(new Shape(dilation, dilation)).optPadding(new Shape(pad, pad))
                .optStride(new Shape(stride, stride)).optBias(bias).build();
    }

    /** {@code d (k - 1) / 2}: the padding that keeps the size of a stride-1 convolution with odd kernel k. */
    public static int samePadding(int kernel, int dilation) {
        return dilation * (kernel - 1) / 2;
    }
}

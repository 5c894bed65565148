package org.seg4j.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * 2-D transposed convolution ("deconvolution", the gradient of a strided convolution with respect to its input), which
 * DJL 0.35.1's PyTorch engine does not provide. Semantics and weight layout are those of PyTorch's
 * {@code nn.ConvTranspose2d} with dilation 1 and one group: weight {@code [Cin, Cout, kh, kw]}, bias {@code [Cout]}
 * (parameter names {@code weight}, {@code bias}), and output size {@code o = s(i-1) + a + k - 2p} per axis for stride
 * s, padding p and output padding a (Dumoulin &amp; Visin, "A guide to convolution arithmetic for deep learning",
 * 2016, section 4, relationship 14).
 *
 * <p>Computed by sub-pixel decomposition, without zero insertion: output row {@code q = s t + r} (before cropping
 * {@code p}) only receives kernel rows {@code k = r + s m}, so each phase {@code r} is a stride-1 convolution of the
 * input with the flipped sub-kernel {@code K[r + s m]}, {@code m < L = ceil(k / s)}. The {@code s^2} phases run as one
 * convolution with {@code s^2 Cout} output channels and {@code L x L} kernels (sub-kernels shorter than {@code L} are
 * zero-padded), whose outputs are interleaved by a pixel shuffle and cropped by {@code p}. Its multiply-adds are those
 * of a native transposed convolution up to the factor {@code ((i + L - 1) / i)^2} of the full-convolution border.
 * Everything is composed from DJL operations, so autograd gives the input, weight and bias gradients.
 */
public final class TransposedConv2d extends AbstractBlock {
    private final Shape kernel;
    private final Shape stride;
    private final Shape padding;
    private final Shape outputPadding;
    private final int filters;
    private final Parameter weight;
    private final Parameter bias;

    private TransposedConv2d(Builder b) {
        kernel = b.kernel;
        stride = b.stride;
        padding = b.padding;
        outputPadding = b.outputPadding;
        filters = b.filters;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        if (b.bilinear) {
            weight.setInitializer(new BilinearKernelInitializer());
        }
        if (b.frozen) {
            weight.freeze(true);
        }
        bias = b.bias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build()) : null;
    }

    /** A builder: {@link Builder#setKernelShape} and {@link Builder#setFilters} are required. */
    public static Builder builder() {
        return new Builder();
    }

    public Shape getKernelShape() {
        return kernel;
    }

    public Shape getStride() {
        return stride;
    }

    public Shape getPadding() {
        return padding;
    }

    public Shape getOutputPadding() {
        return outputPadding;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : store.getValue(bias, x.getDevice(), training);
        return new NDList(transposedConv2d(x, w, b, stride, padding, outputPadding));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters, outputSize(in.get(2), 0), outputSize(in.get(3), 1))};
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long cin = inputShapes[0].get(1);
        weight.setShape(new Shape(cin, filters, kernel.get(0), kernel.get(1)));
        if (bias != null) {
            bias.setShape(new Shape(filters));
        }
    }

    private long outputSize(long in, int axis) {
        return transposedSize(in, kernel.get(axis), stride.get(axis), padding.get(axis), outputPadding.get(axis));
    }

    /** {@code o = s (i - 1) + a + k - 2p}. */
    public static long transposedSize(long in, long kernel, long stride, long padding, long outputPadding) {
        return stride * (in - 1) + outputPadding + kernel - 2 * padding;
    }

    /**
     * The transposed convolution of {@code x [N, Cin, H, W]} with {@code weight [Cin, Cout, kh, kw]} and an optional
     * {@code bias [Cout]} (null for none); stride, padding and output padding are (height, width) pairs.
     *
     * @throws IllegalArgumentException if the shapes disagree, an output padding is not below its stride (PyTorch's
     *     rule), or the output would be empty
     */
    public static NDArray transposedConv2d(NDArray x, NDArray weight, NDArray bias, Shape stride, Shape padding,
            Shape outputPadding) {
        Shape xs = x.getShape();
        Shape ws = weight.getShape();
        if (xs.dimension() != 4 || ws.dimension() != 4 || xs.get(1) != ws.get(0)) {
            throw new IllegalArgumentException("transposed convolution needs x [N, Cin, H, W] and weight"
                    + " [Cin, Cout, kh, kw]; got " + xs + " and " + ws);
        }
        long n = xs.get(0);
        long cout = ws.get(1);
        long[] in = {xs.get(2), xs.get(3)};
        long[] k = {ws.get(2), ws.get(3)};
        long[] s = stride.getShape();
        long[] p = padding.getShape();
        long[] a = outputPadding.getShape();
        long[] out = new long[2];
        long[] taps = new long[2];
        long[] extra = new long[2];
        for (int d = 0; d < 2; d++) {
            if (s[d] < 1 || p[d] < 0 || a[d] < 0 || a[d] >= s[d]) {
                throw new IllegalArgumentException("need stride >= 1, padding >= 0 and 0 <= output padding < stride;"
                        + " got stride " + stride + ", padding " + padding + ", output padding " + outputPadding);
            }
            out[d] = transposedSize(in[d], k[d], s[d], p[d], a[d]);
            if (out[d] < 1) {
                throw new IllegalArgumentException("transposed convolution output would be empty: input " + xs
                        + ", kernel " + ws + ", stride " + stride + ", padding " + padding);
            }
            taps[d] = (k[d] + s[d] - 1) / s[d];
            // The full (uncropped) output has s (i + L - 1) positions; rows past it receive nothing, so compute
            // ceil(shortfall / s) more phase rows by padding the input further (they come out zero).
            long shortfall = p[d] + out[d] - s[d] * (in[d] + taps[d] - 1);
            extra[d] = shortfall > 0 ? (shortfall + s[d] - 1) / s[d] : 0;
        }
        NDArray sub = subPixelKernels(weight, s, taps, x.getManager());
        NDArray phases = Conv2d.conv2d(x, sub, null, new Shape(1, 1),
                new Shape(taps[0] - 1 + extra[0], taps[1] - 1 + extra[1])).singletonOrThrow();
        long th = phases.getShape().get(2);
        long tw = phases.getShape().get(3);
        NDArray full = phases.reshape(n, cout, s[0], s[1], th, tw).transpose(0, 1, 4, 2, 5, 3)
                .reshape(n, cout, th * s[0], tw * s[1]);
        long top = p[0] + s[0] * extra[0];
        long left = p[1] + s[1] * extra[1];
        NDArray y = full.get(new NDIndex(":, :, {}:{}, {}:{}", top, top + out[0], left, left + out[1]));
        if (bias != null) {
            y = y.add(ownedBy(bias.reshape(1, cout, 1, 1), x.getManager()));
        }
        return y;
    }

    /**
     * Rearranges {@code weight [Cin, Cout, kh, kw]} into the stride-1 kernels of the sub-pixel decomposition:
     * {@code [Cout * sh * sw, Cin, Lh, Lw]}, output channel {@code (co, rh, rw)}, entry {@code (u, v)} =
     * {@code weight[ci, co, rh + sh (Lh - 1 - u), rw + sw (Lw - 1 - v)]} (zero past the kernel). The kernels and
     * every array computed on the way belong to {@code manager} (the caller's scope).
     */
    static NDArray subPixelKernels(NDArray weight, long[] s, long[] taps, NDManager manager) {
        Shape ws = weight.getShape();
        long cin = ws.get(0);
        long cout = ws.get(1);
        long padH = taps[0] * s[0] - ws.get(2);
        long padW = taps[1] * s[1] - ws.get(3);
        NDArray w = ownedBy(padH == 0 && padW == 0 ? weight.reshape(ws) : weight.pad(new Shape(0, padW, 0, padH), 0),
                manager);
        return w.reshape(cin, cout, taps[0], s[0], taps[1], s[1]).flip(2, 4).transpose(1, 3, 5, 0, 2, 4)
                .reshape(cout * s[0] * s[1], cin, taps[0], taps[1]);
    }

    /**
     * Moves an array computed from a parameter to the caller's scope. An engine operation attaches its result to
     * the manager of the array it is called on, and a parameter's manager lives as long as the model: without this,
     * every forward pass would leave its rearranged kernels there (about 0.9 MB per pass of the CamVid U-Net, freed
     * only when the model is closed). Later operations on the moved array stay in the scope too.
     */
    private static NDArray ownedBy(NDArray fromParameter, NDManager manager) {
        fromParameter.attach(manager);
        return fromParameter;
    }

    /** Builds a {@link TransposedConv2d}; defaults: stride 1, padding 0, output padding 0, with bias. */
    public static final class Builder {
        private Shape kernel;
        private Shape stride = new Shape(1, 1);
        private Shape padding = new Shape(0, 0);
        private Shape outputPadding = new Shape(0, 0);
        private int filters = -1;
        private boolean bias = true;
        private boolean bilinear;
        private boolean frozen;

        private Builder() {
        }

        /** Kernel (kh, kw). */
        public Builder setKernelShape(Shape kernel) {
            this.kernel = pair(kernel, "kernel");
            return this;
        }

        /** Number of output channels (Cout). */
        public Builder setFilters(int filters) {
            this.filters = filters;
            return this;
        }

        public Builder optStride(Shape stride) {
            this.stride = pair(stride, "stride");
            return this;
        }

        public Builder optPadding(Shape padding) {
            this.padding = pair(padding, "padding");
            return this;
        }

        /** Extra rows/columns at the bottom/right, {@code 0 <= a < s} (PyTorch's {@code output_padding}). */
        public Builder optOutputPadding(Shape outputPadding) {
            this.outputPadding = pair(outputPadding, "output padding");
            return this;
        }

        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /**
         * Initialises the weight to bilinear interpolation ({@link BilinearKernelInitializer}, FCN's
         * {@code upsample_filt}); with {@code frozen} the weight is not trained, as FCN's last up-sampling layer.
         */
        public Builder optBilinearInit(boolean frozen) {
            this.bilinear = true;
            this.frozen = frozen;
            return this;
        }

        public TransposedConv2d build() {
            if (kernel == null || filters < 1) {
                throw new IllegalArgumentException("TransposedConv2d needs a kernel shape and filters >= 1");
            }
            if (kernel.get(0) < 1 || kernel.get(1) < 1 || stride.get(0) < 1 || stride.get(1) < 1
                    || padding.get(0) < 0 || padding.get(1) < 0 || outputPadding.get(0) < 0
                    || outputPadding.get(1) < 0 || outputPadding.get(0) >= stride.get(0)
                    || outputPadding.get(1) >= stride.get(1)) {
                throw new IllegalArgumentException("TransposedConv2d needs kernel >= 1, stride >= 1, padding >= 0,"
                        + " 0 <= output padding < stride; got kernel " + kernel + ", stride " + stride + ", padding "
                        + padding + ", output padding " + outputPadding);
            }
            return new TransposedConv2d(this);
        }

        private static Shape pair(Shape shape, String what) {
            if (shape.dimension() != 2) {
                throw new IllegalArgumentException(what + " must be a (height, width) pair, got " + shape);
            }
            return shape;
        }
    }
}

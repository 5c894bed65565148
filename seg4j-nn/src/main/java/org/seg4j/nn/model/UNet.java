package org.seg4j.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.seg4j.nn.layer.BilinearResize;
import org.seg4j.nn.layer.ReflectionPad;
import org.seg4j.nn.layer.SkipFusion;
import org.seg4j.nn.layer.TransposedConv2d;

/**
 * U-Net (Ronneberger, Fischer &amp; Brox, "U-Net: Convolutional Networks for Biomedical Image Segmentation",
 * MICCAI 2015, Fig. 1). Contracting path of {@code depth} levels {@code enc1..encD}, each two 3x3 convolutions + ReLU
 * followed by a 2x2 max pool of stride 2, with {@code base, 2 base, ..} channels; a bottom level {@code center} of two
 * 3x3 convolutions with {@code 2^D base} channels; an expansive path whose levels {@code up_i} up-sample halving the
 * channels, concatenate the centre-cropped encoder map of level i (encoder channels first, as in the figure) and apply
 * two 3x3 convolutions {@code dec_i}; a 1x1 convolution {@code head} to the classes. Defaults: 4 poolings, 64..1024
 * channels.
 *
 * <p>Options: padding "valid" (the paper's unpadded convolutions) or "same" (padding 1, the common variant; the
 * default); up-sampling "transposed" (the paper's 2x2 up-convolution, a {@link TransposedConv2d} with kernel 2 and
 * stride 2; the default) or "bilinear" (x2 bilinear resize with half-pixel centres, then a 3x3 convolution padded by 1
 * halving the channels, {@code up_i.1}); batch normalization after every 3x3 convolution of the levels (which then have
 * no bias; off by default); drop-out at the end of the contracting path as in the authors' Caffe model (on the
 * deepest encoder level's output, before its pool, which the skip connection also sees, and on the bottom level's
 * output; rate 0 = none by default).
 *
 * <p>{@link #forward} returns logits {@code [N, classes, H, W]} for an input of any size {@code H x W}: it pads the
 * input by reflection ({@link ReflectionPad}) to a size the network admits and crops the logits back
 * ({@link UNetSizes} has the arithmetic). With "same" padding that is the bottom/right padding to the next multiple
 * of {@code 2^D}; with "valid" padding it is the paper's overlap-tile strategy: {@code 12 * 2^D - 8} more pixels (184
 * for depth 4; 92 before, the rest after), rounded up to the next admitted size. {@link #forwardUnpadded} runs the
 * network of the figure itself (e.g. 572 -&gt; 388 for depth 4, valid).
 *
 * <p>Child names are those of the PyTorch reference {@code tools/reference/unet.py}: {@code encK}, {@code center},
 * {@code decK} are {@code nn.Sequential(conv, [bn,] relu, conv, [bn,] relu)} (keys {@code enc1.0.weight},
 * {@code enc1.1.running_mean} with batch norm, ...); {@code upK} is the transposed convolution ({@code up1.weight}) or
 * {@code nn.Sequential(Upsample, Conv2d)} ({@code up1.1.weight}); {@code head} the 1x1 convolution. The full-size
 * network of the paper (valid, transposed, 64..1024, one input channel, 2 classes) has 31,030,658 parameters.
 */
public final class UNet extends AbstractBlock {
    /** Convolution padding of the levels. */
    public enum Padding {
        /** Padding 1, sizes preserved. */
        SAME,
        /** No padding, as in the paper. */
        VALID
    }

    /** Up-sampling of the expansive path. */
    public enum UpSampling {
        /** 2x2 up-convolution with stride 2, halving the channels (the paper). */
        TRANSPOSED,
        /** Bilinear x2, then a 3x3 convolution (padding 1) halving the channels. */
        BILINEAR
    }

    private static final Set<String> OPTIONS = Set.of("padding", "depth", "base", "up", "batch_norm", "dropout", "width");

    private final int depth;
    private final int numClasses;
    private final Padding padding;
    private final float dropout;
    private final Block[] enc;
    private final Block center;
    private final Block[] up;
    private final Block[] dec;
    private final Block head;

    private UNet(Builder b) {
        depth = b.depth;
        numClasses = b.numClasses;
        padding = b.padding;
        dropout = b.dropout;
        enc = new Block[depth + 1];
        up = new Block[depth + 1];
        dec = new Block[depth + 1];
        int pad = padding == Padding.SAME ? 1 : 0;
        for (int i = 1; i <= depth; i++) {
            enc[i] = addChildBlock("enc" + i, doubleConv(channels(b.base, i), pad, b.batchNorm));
        }
        center = addChildBlock("center", doubleConv(channels(b.base, depth + 1), pad, b.batchNorm));
        for (int i = depth; i >= 1; i--) {
            up[i] = addChildBlock("up" + i, upSampling(b.upSampling, channels(b.base, i)));
            dec[i] = addChildBlock("dec" + i, doubleConv(channels(b.base, i), pad, b.batchNorm));
        }
        head = addChildBlock("head", conv(b.numClasses, 1, 0, true));
    }

    /** A builder with the defaults: same padding, depth 4, base 64, transposed up-sampling, no batch norm, no dropout. */
    public static Builder builder() {
        return new Builder();
    }

    /** Registry entry {@code unet}; options padding, depth, base, up, batch_norm, dropout, width. */
    static ArchitectureFactory factory() {
        return new ArchitectureFactory() {
            @Override
            public String name() {
                return "unet";
            }

            @Override
            public String description() {
                return "U-Net (Ronneberger, Fischer & Brox, MICCAI 2015); options: padding (same, valid), depth (4),"
                        + " base (64), up (transposed, bilinear), batch_norm (false), dropout (0), width";
            }

            @Override
            public Block create(ModelArgs args) {
                args.requireKnownOptions(name(), OPTIONS);
                int base = positiveInt(args, "base", 64);
                return builder().setNumClasses(args.numClasses())
                        .optPadding(choice(args, "padding", Padding.SAME))
                        .optDepth(args.intChoice("depth", 4, IntStream.rangeClosed(1, 6).boxed().collect(Collectors.toSet())))
                        .optBase(Width.scaled(base, args.positiveNumber("width", 1.0)))
                        .optUpSampling(choice(args, "up", UpSampling.TRANSPOSED))
                        .optBatchNorm(bool(args, "batch_norm"))
                        .optDropout(rate(args, "dropout"))
                        .build();
            }
        };
    }

    private static int channels(int base, int level) {
        return base << (level - 1);
    }

    private static Block conv(int filters, int kernel, int pad, boolean bias) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(filters)
                .optPadding(new Shape(pad, pad)).optBias(bias).build();
    }

    private static Block doubleConv(int filters, int pad, boolean batchNorm) {
        NamedSequential s = new NamedSequential();
        for (int c = 0; c < 2; c++) {
            s.addIndexed(conv(filters, 3, pad, !batchNorm));
            if (batchNorm) {
                s.addIndexed(BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build());
            }
            s.addIndexed(Activation.reluBlock());
        }
        return s;
    }

    private static Block upSampling(UpSampling kind, int filters) {
        if (kind == UpSampling.TRANSPOSED) {
            return TransposedConv2d.builder().setKernelShape(new Shape(2, 2)).optStride(new Shape(2, 2))
                    .setFilters(filters).build();
        }
        Block resize = new LambdaBlock(x -> {
            NDArray a = x.singletonOrThrow();
            return new NDList(BilinearResize.resize(a, 2 * a.getShape().get(2), 2 * a.getShape().get(3), false));
        }, "bilinear");
        return new NamedSequential().addIndexed(resize).addIndexed(conv(filters, 3, 1, true));
    }

    /** Number of poolings. */
    public int depth() {
        return depth;
    }

    public Padding padding() {
        return padding;
    }

    /** The reflection padding {@code {before, after}} the forward pass gives an axis of {@code size} pixels. */
    public long[] paddingOf(long size) {
        return UNetSizes.padding(size, depth, padding == Padding.VALID);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long[] ph = paddingOf(s.get(2));
        long[] pw = paddingOf(s.get(3));
        NDArray padded = ReflectionPad.pad(x, ph[0], ph[1], pw[0], pw[1]);
        NDArray logits = core(store, padded, training, params);
        return new NDList(SkipFusion.crop(logits, 0, 0, s.get(2), s.get(3)));
    }

    /**
     * The network of the paper's figure without padding or cropping: valid padding maps an admitted size {@code P} to
     * {@link UNetSizes#validOutputSize}; same padding needs multiples of {@code 2^D} and keeps the size.
     *
     * @throws IllegalArgumentException for a size the network does not admit
     */
    public NDList forwardUnpadded(ParameterStore store, NDList inputs, boolean training) {
        NDArray x = inputs.singletonOrThrow();
        coreSize(x.getShape().get(2));
        coreSize(x.getShape().get(3));
        return new NDList(core(store, x, training, null));
    }

    private NDArray core(ParameterStore store, NDArray input, boolean training, PairList<String, Object> params) {
        NDArray[] skips = new NDArray[depth + 1];
        NDArray x = input;
        for (int i = 1; i <= depth; i++) {
            x = enc[i].forward(store, new NDList(x), training, params).singletonOrThrow();
            if (i == depth) {
                x = drop(x, training);
            }
            skips[i] = x;
            x = Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        }
        x = drop(center.forward(store, new NDList(x), training, params).singletonOrThrow(), training);
        for (int i = depth; i >= 1; i--) {
            NDArray u = up[i].forward(store, new NDList(x), training, params).singletonOrThrow();
            x = dec[i].forward(store, new NDList(SkipFusion.concatCenterCropped(skips[i], u)), training, params)
                    .singletonOrThrow();
        }
        return head.forward(store, new NDList(x), training, params).singletonOrThrow();
    }

    private NDArray drop(NDArray x, boolean training) {
        return dropout > 0 ? Dropout.dropout(x, dropout, training).singletonOrThrow() : x;
    }

    /** The core network's output size for an input axis of {@code size}, checking the size is admitted. */
    private long coreSize(long size) {
        if (padding == Padding.VALID) {
            return UNetSizes.validOutputSize(size, depth);
        }
        if (size < 1 || size % (1L << depth) != 0) {
            throw new IllegalArgumentException("input size " + size + " is not admitted by a same-padding U-Net of"
                    + " depth " + depth + ": it takes multiples of " + (1L << depth));
        }
        return size;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long h = in.get(2) + sum(paddingOf(in.get(2)));
        long w = in.get(3) + sum(paddingOf(in.get(3)));
        Shape[] x = {new Shape(in.get(0), in.get(1), h, w)};
        Shape[][] skips = new Shape[depth + 1][];
        for (int i = 1; i <= depth; i++) {
            x = initialize(enc[i], manager, dataType, x);
            skips[i] = x;
            x = new Shape[] {new Shape(x[0].get(0), x[0].get(1), x[0].get(2) / 2, x[0].get(3) / 2)};
        }
        x = initialize(center, manager, dataType, x);
        for (int i = depth; i >= 1; i--) {
            Shape u = initialize(up[i], manager, dataType, x)[0];
            Shape cat = new Shape(u.get(0), skips[i][0].get(1) + u.get(1), u.get(2), u.get(3));
            x = initialize(dec[i], manager, dataType, cat);
        }
        head.initialize(manager, dataType, x);
    }

    private static Shape[] initialize(Block block, NDManager manager, DataType dataType, Shape... shapes) {
        block.initialize(manager, dataType, shapes);
        return block.getOutputShapes(shapes);
    }

    private static long sum(long[] pair) {
        return pair[0] + pair[1];
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), numClasses, in.get(2), in.get(3))};
    }

    private static int positiveInt(ModelArgs args, String name, int fallback) {
        String text = args.options().get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("option " + name + " must be a positive integer, got '" + text + "'");
    }

    private static <E extends Enum<E>> E choice(ModelArgs args, String name, E fallback) {
        String text = args.options().get(name);
        if (text == null) {
            return fallback;
        }
        for (E e : fallback.getDeclaringClass().getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("option " + name + " must be one of "
                + Arrays.stream(fallback.getDeclaringClass().getEnumConstants())
                        .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                + ", got '" + text + "'");
    }

    private static boolean bool(ModelArgs args, String name) {
        String text = args.options().get(name);
        if (text == null) {
            return false;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("option " + name + " must be true or false, got '" + text + "'");
        };
    }

    private static float rate(ModelArgs args, String name) {
        String text = args.options().get(name);
        if (text == null) {
            return 0;
        }
        try {
            return Builder.checkRate(Float.parseFloat(text.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + ": not a number: '" + text + "'", e);
        }
    }

    /** Builds a {@link UNet}; {@link #setNumClasses} is required. */
    public static final class Builder {
        private int numClasses = -1;
        private Padding padding = Padding.SAME;
        private int depth = 4;
        private int base = 64;
        private UpSampling upSampling = UpSampling.TRANSPOSED;
        private boolean batchNorm;
        private float dropout;

        private Builder() {
        }

        public Builder setNumClasses(int numClasses) {
            if (numClasses < 1) {
                throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
            }
            this.numClasses = numClasses;
            return this;
        }

        /** Convolution padding (default {@link Padding#SAME}). */
        public Builder optPadding(Padding padding) {
            this.padding = padding;
            return this;
        }

        /** Number of poolings, 1..6 (default 4). */
        public Builder optDepth(int depth) {
            if (depth < 1 || depth > 6) {
                throw new IllegalArgumentException("depth must be 1..6, got " + depth);
            }
            this.depth = depth;
            return this;
        }

        /** Channels of the first level (default 64); level k has {@code base * 2^(k-1)}. */
        public Builder optBase(int base) {
            if (base < 1) {
                throw new IllegalArgumentException("base must be at least 1, got " + base);
            }
            this.base = base;
            return this;
        }

        /** Up-sampling of the expansive path (default {@link UpSampling#TRANSPOSED}). */
        public Builder optUpSampling(UpSampling upSampling) {
            this.upSampling = upSampling;
            return this;
        }

        /** Batch normalization after every 3x3 convolution of the levels (default off). */
        public Builder optBatchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return this;
        }

        /** Drop-out rate at the end of the contracting path, 0 &lt;= rate &lt; 1 (default 0: none; the paper's is 0.5). */
        public Builder optDropout(float rate) {
            this.dropout = checkRate(rate);
            return this;
        }

        static float checkRate(float rate) {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + rate);
            }
            return rate;
        }

        public UNet build() {
            if (numClasses < 1) {
                throw new IllegalArgumentException("UNet needs setNumClasses");
            }
            return new UNet(this);
        }
    }
}

package org.seg4j.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.seg4j.BadInputException;
import org.seg4j.nn.layer.MaxPool2dIndices;
import org.seg4j.nn.layer.Unpooling;

/**
 * SegNet (Badrinarayanan, Kendall &amp; Cipolla, "SegNet: A Deep Convolutional Encoder-Decoder Architecture for Image
 * Segmentation", TPAMI 2017): an encoder whose 2x2 max poolings record their argmax positions, and a decoder that
 * up-samples by max unpooling to those positions (no learned up-sampling), each unpooling followed by convolutions.
 *
 * <ul>
 *   <li>{@link #basicBuilder() SegNet-Basic} (paper section 4, Caffe {@code segnet_basic_train.prototxt}): encoder of
 *       4 x (7x7 convolution, 64 channels, padding 3; BatchNorm; ReLU; pool), decoder of 4 x (unpool; 7x7
 *       convolution 64; BatchNorm; no ReLU), then a 1x1 convolution to the classes. The prototxt's input local
 *       response normalization is left out: seg4j normalizes images in the data pipeline.</li>
 *   <li>{@link #builder() SegNet} (paper section 3, Caffe {@code segnet_train.prototxt}): the 13 convolutions of
 *       VGG16 with BatchNorm as encoder, a mirrored decoder (per stage, deepest first: 512-512-512, 512-512-256,
 *       256-256-128, 128-64, 64-classes; 3x3 convolutions with BatchNorm and ReLU except the last, which outputs the
 *       classes).</li>
 * </ul>
 *
 * <p>Child names, as the PyTorch reference {@code tools/reference/segnet.py}: {@code features} (an
 * {@code nn.Sequential} of conv, BatchNorm, ReLU and pool layers numbered from 0; for SegNet exactly torchvision's
 * {@code vgg16_bn.features}, so its ImageNet weights load with their own keys), {@code decoder} (stages numbered from
 * 0, deepest first, each an {@code nn.Sequential}) and, for SegNet-Basic, {@code classifier}.
 *
 * <p>Any input size: the poolings round their output size up (ceil mode, as Caffe's pooling does; the window hanging
 * over the bottom/right edge takes the maximum of the pixels it covers) and each unpooling restores the size of the
 * map its pooling read (Caffe's Upsample with {@code pad_out_h}/{@code pad_out_w}), so the logits have the input's
 * height and width without padding or cropping. Every pooling needs at least 2 pixels per side, so the input needs
 * at least {@code 2^(P-1) + 1} pixels per side for P poolings: 9 for SegNet-Basic, 17 for SegNet.
 */
public final class SegNet extends AbstractBlock {
    private static final Shape WINDOW = new Shape(2, 2);
    /** The decoder of SegNet, deepest stage first, in VGG16 channels; 0 stands for the classes. */
    private static final int[][] VGG_DECODER = {{512, 512, 512}, {512, 512, 256}, {256, 256, 128}, {128, 64}, {64, 0}};

    private final String variant;
    private final int numClasses;
    private final List<Block> encoder;
    private final List<Block> decoder;
    private final Block classifier;
    private final int poolings;

    private SegNet(String variant, int numClasses, NamedSequential features, NamedSequential decoder, Block classifier) {
        this.variant = variant;
        this.numClasses = numClasses;
        this.encoder = List.copyOf(features.getChildren().values());
        this.decoder = List.copyOf(decoder.getChildren().values());
        this.classifier = classifier;
        this.poolings = (int) encoder.stream().filter(b -> b instanceof MaxPool2dIndices).count();
        if (poolings != this.decoder.size()) {
            throw new IllegalArgumentException(poolings + " poolings but " + this.decoder.size() + " decoder stages");
        }
        addChildBlock("features", features);
        addChildBlock("decoder", decoder);
        if (classifier != null) {
            addChildBlock("classifier", classifier);
        }
    }

    /** A SegNet-Basic builder: 64 channels, BatchNorm. */
    public static BasicBuilder basicBuilder() {
        return new BasicBuilder();
    }

    /** A SegNet (VGG16-BN encoder) builder, full width. */
    public static Builder builder() {
        return new Builder();
    }

    /** The smallest height and width the network takes: {@code 2^(poolings - 1) + 1}. */
    public int minimumInputSize() {
        return (1 << (poolings - 1)) + 1;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        checkInput(x.getShape());
        List<NDArray> indices = new ArrayList<>(poolings);
        List<Shape> sizes = new ArrayList<>(poolings);
        for (Block layer : encoder) {
            NDList out = layer.forward(store, new NDList(x), training, params);
            if (layer instanceof MaxPool2dIndices) {
                sizes.add(x.getShape());
                indices.add(out.get(1));
            }
            x = out.get(0);
        }
        for (int i = 0; i < decoder.size(); i++) {
            int pool = poolings - 1 - i;
            Shape size = sizes.get(pool);
            x = Unpooling.maxUnpool2d(x, indices.get(pool), size.get(2), size.get(3));
            x = decoder.get(i).forward(store, new NDList(x), training, params).singletonOrThrow();
        }
        if (classifier != null) {
            x = classifier.forward(store, new NDList(x), training, params).singletonOrThrow();
        }
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        checkInput(s);
        List<Shape> sizes = new ArrayList<>(poolings);
        for (Block layer : encoder) {
            layer.initialize(manager, dataType, s);
            if (layer instanceof MaxPool2dIndices) {
                sizes.add(s);
            }
            s = layer.getOutputShapes(new Shape[] {s})[0];
        }
        for (int i = 0; i < decoder.size(); i++) {
            Shape size = sizes.get(poolings - 1 - i);
            s = new Shape(s.get(0), s.get(1), size.get(2), size.get(3));
            decoder.get(i).initialize(manager, dataType, s);
            s = decoder.get(i).getOutputShapes(new Shape[] {s})[0];
        }
        if (classifier != null) {
            classifier.initialize(manager, dataType, s);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), numClasses, in.get(2), in.get(3))};
    }

    private void checkInput(Shape s) {
        if (s.dimension() != 4) {
            throw new IllegalArgumentException(variant + " needs an NCHW input, got shape " + s);
        }
        int min = minimumInputSize();
        if (s.get(2) < min || s.get(3) < min) {
            throw new BadInputException(null, variant + " needs an input of at least " + min + " x " + min + " pixels ("
                    + poolings + " poolings of 2x2), got " + s.get(2) + " x " + s.get(3));
        }
    }

    private static Block conv(int kernel, int filters) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(filters)
                .optPadding(new Shape(kernel / 2, kernel / 2)).build();
    }

    private static Block batchNorm() {
        return BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
    }

    private static MaxPool2dIndices pool() {
        return new MaxPool2dIndices(WINDOW, WINDOW, new Shape(0, 0), true);
    }


    private static void requireClasses(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
    }

    /** Registry entry {@code segnet_basic}; options {@code width}, {@code batch_norm} (true/false). */
    static ArchitectureFactory basicFactory() {
        return new ArchitectureFactory() {
            @Override
            public String name() {
                return "segnet_basic";
            }

            @Override
            public String description() {
                return "SegNet-Basic: 4 x 7x7 conv encoder, max-unpooling decoder (Badrinarayanan et al., TPAMI 2017);"
                        + " options: width, batch_norm";
            }

            @Override
            public Block create(ModelArgs args) {
                args.requireKnownOptions(name(), Set.of("width", "batch_norm"));
                return basicBuilder().setNumClasses(args.numClasses()).optWidth(args.positiveNumber("width", 1.0))
                        .optBatchNorm(booleanOption(args, "batch_norm", true)).build();
            }
        };
    }

    /** Registry entry {@code segnet}; option {@code width}. */
    static ArchitectureFactory factory() {
        return new ArchitectureFactory() {
            @Override
            public String name() {
                return "segnet";
            }

            @Override
            public String description() {
                return "SegNet: VGG16-BN encoder, mirrored max-unpooling decoder (Badrinarayanan et al., TPAMI 2017);"
                        + " options: width";
            }

            @Override
            public Block create(ModelArgs args) {
                args.requireKnownOptions(name(), Set.of("width"));
                return builder().setNumClasses(args.numClasses()).optWidth(args.positiveNumber("width", 1.0)).build();
            }
        };
    }

    private static boolean booleanOption(ModelArgs args, String name, boolean fallback) {
        String text = args.options().get(name);
        if (text == null) {
            return fallback;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("option " + name + " must be true or false, got '" + text + "'");
        };
    }

    /** Builds SegNet-Basic. */
    public static final class BasicBuilder {
        private int numClasses;
        private double width = 1.0;
        private boolean batchNorm = true;

        private BasicBuilder() {
        }

        /** Number of classes (required). */
        public BasicBuilder setNumClasses(int numClasses) {
            requireClasses(numClasses);
            this.numClasses = numClasses;
            return this;
        }

        /** Channel multiplier: {@code 64 * width} channels (round half up, at least 1). */
        public BasicBuilder optWidth(double width) {
            Width.checked(width);
            this.width = width;
            return this;
        }

        /** BatchNorm after every encoder and decoder convolution (default true, as the paper). */
        public BasicBuilder optBatchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return this;
        }

        /** The network; {@code features} = 4 x (conv, [bn,] relu, pool), {@code decoder.k} = (conv[, bn]). */
        public SegNet build() {
            requireClasses(numClasses);
            int c = Width.scaled(64, width);
            NamedSequential features = new NamedSequential();
            NamedSequential decoder = new NamedSequential();
            for (int stage = 0; stage < 4; stage++) {
                features.addIndexed(conv(7, c));
                if (batchNorm) {
                    features.addIndexed(batchNorm());
                }
                features.addIndexed(Activation.reluBlock()).addIndexed(pool());
                NamedSequential decode = new NamedSequential().addIndexed(conv(7, c));
                if (batchNorm) {
                    decode.addIndexed(batchNorm());
                }
                decoder.addIndexed(decode);
            }
            return new SegNet("SegNet-Basic", numClasses, features, decoder, conv(1, numClasses));
        }
    }

    /** Builds SegNet with the VGG16-BN encoder. */
    public static final class Builder {
        private int numClasses;
        private double width = 1.0;

        private Builder() {
        }

        /** Number of classes (required). */
        public Builder setNumClasses(int numClasses) {
            requireClasses(numClasses);
            this.numClasses = numClasses;
            return this;
        }

        /** Channel multiplier of every layer but the last (round half up, at least 1). */
        public Builder optWidth(double width) {
            Width.checked(width);
            this.width = width;
            return this;
        }

        /**
         * The network; {@code features} is {@code Vgg16.builder().optBatchNorm(true)}'s layout with 2x2 ceil-mode
         * argmax pools; {@code decoder.k} = (conv, bn, relu) per mirrored convolution, the last stage ending in a bare
         * conv to the classes.
         */
        public SegNet build() {
            requireClasses(numClasses);
            NamedSequential features = new NamedSequential();
            for (Backbone.Layer layer : Vgg16.builder().optBatchNorm(true).optWidth(width).featureLayers()) {
                boolean isPool = layer.feature() != null && layer.feature().name().startsWith("pool");
                features.add(layer.name(), isPool ? pool() : layer.block());
            }
            NamedSequential decoder = new NamedSequential();
            for (int[] stage : VGG_DECODER) {
                NamedSequential decode = new NamedSequential();
                for (int channels : stage) {
                    if (channels == 0) {
                        decode.addIndexed(conv(3, numClasses));
                    } else {
                        decode.addIndexed(conv(3, Width.scaled(channels, width))).addIndexed(batchNorm())
                                .addIndexed(Activation.reluBlock());
                    }
                }
                decoder.addIndexed(decode);
            }
            return new SegNet("SegNet", numClasses, features, decoder, null);
        }
    }
}

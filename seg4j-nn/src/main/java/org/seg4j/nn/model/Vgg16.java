package org.seg4j.nn.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * VGG16 (configuration D of Simonyan and Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
 * Recognition", ICLR 2015), optionally with batch normalization after every convolution, laid out as torchvision's
 * {@code vgg16} / {@code vgg16_bn}: {@code features} (an {@code nn.Sequential} of 3x3 convolutions, ReLUs and 2x2 max
 * pools, numbered from 0), {@code avgpool} (adaptive, 7x7) and {@code classifier} (Linear 4096, ReLU, Dropout, Linear
 * 4096, ReLU, Dropout, Linear). With 1000 classes VGG16 has 138,357,544 parameters and VGG16-BN 138,365,992.
 *
 * <p>Segmentation options of the backbone: DeepLab-LargeFOV (Chen et al., "Semantic Image Segmentation with Deep
 * Convolutional Nets and Fully Connected CRFs", ICLR 2015) makes pool4 and pool5 3x3 windows with stride 1 and padding 1
 * and dilates conv5 by 2, for an output stride of 8; FCN (Long et al., CVPR 2015) pads conv1_1 by 100 pixels and pools
 * in ceil mode as Caffe does, so that the crop offsets of its skip layers are those of the paper. A width multiplier
 * scales every channel count (round half up, at least 1) for small test instances.
 */
public final class Vgg16 {
    private static final int[] STAGES = {2, 2, 3, 3, 3};
    private static final int[] CHANNELS = {64, 128, 256, 512, 512};

    private Vgg16() {
    }

    /**
     * A builder with torchvision's defaults: no batch normalization, full width. Input channels are not fixed here:
     * DJL infers them from the input shape given to {@code initialize}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Registry entry for the classifier, {@code vgg16} or {@code vgg16_bn}; option {@code width}. */
    static ArchitectureFactory classifierFactory(boolean batchNorm) {
        return new ArchitectureFactory() {
            @Override
            public boolean segments() {
                return false;
            }

            @Override
            public String name() {
                return batchNorm ? "vgg16_bn" : "vgg16";
            }

            @Override
            public String description() {
                return "VGG16 image classifier" + (batchNorm ? " with batch norm" : "")
                        + ", torchvision layout (Simonyan & Zisserman 2015); options: width";
            }

            @Override
            public Block create(ModelArgs args) {
                args.requireKnownOptions(name(), Set.of("width"));
                return builder().optBatchNorm(batchNorm).optWidth(args.positiveNumber("width", 1.0))
                        .buildClassifier(args.numClasses());
            }
        };
    }

    /** Builds VGG16 classifiers and backbones. */
    public static final class Builder {
        private boolean batchNorm;
        private double width = 1.0;
        private boolean largeFov;
        private int conv1Padding = 1;
        private boolean ceilMode;

        private Builder() {
        }

        /** Batch normalization after every convolution ({@code vgg16_bn}). */
        public Builder optBatchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return this;
        }

        /** Channel multiplier (default 1). */
        public Builder optWidth(double width) {
            this.width = Width.checked(width);
            return this;
        }

        /** DeepLab-LargeFOV: pool4 and pool5 3x3 stride 1 padding 1, conv5 dilation 2; output stride 8. */
        public Builder optLargeFov(boolean largeFov) {
            this.largeFov = largeFov;
            return this;
        }

        /** Padding of conv1_1 (default 1; FCN uses 100). */
        public Builder optConv1Padding(int conv1Padding) {
            this.conv1Padding = conv1Padding;
            return this;
        }

        /** Max pools round their output size up, as Caffe does (FCN); default down, as PyTorch does. */
        public Builder optCeilMode(boolean ceilMode) {
            this.ceilMode = ceilMode;
            return this;
        }

        /**
         * The layers of {@code features} named by index, with the named feature maps: {@code convK} is the last ReLU
         * of stage K (before its pool) and {@code poolK} the pool, K = 1..5.
         */
        List<Backbone.Layer> featureLayers() {
            List<Backbone.Layer> layers = new ArrayList<>();
            int stride = 1;
            for (int stage = 1; stage <= 5; stage++) {
                int out = Width.scaled(CHANNELS[stage - 1], width);
                int dilation = largeFov && stage == 5 ? 2 : 1;
                for (int c = 0; c < STAGES[stage - 1]; c++) {
                    int padding = stage == 1 && c == 0 ? conv1Padding : dilation;
                    add(layers, Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(out)
                            .optPadding(new Shape(padding, padding)).optDilation(new Shape(dilation, dilation)).build(), null);
                    if (batchNorm) {
                        add(layers, BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build(), null);
                    }
                    boolean last = c == STAGES[stage - 1] - 1;
                    add(layers, Activation.reluBlock(), last ? new FeatureSpec("conv" + stage, out, stride) : null);
                }
                boolean stridedPool = !(largeFov && stage >= 4);
                Block pool = stridedPool
                        ? Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), ceilMode)
                        : Pool.maxPool2dBlock(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), ceilMode);
                stride *= stridedPool ? 2 : 1;
                add(layers, pool, new FeatureSpec("pool" + stage, out, stride));
            }
            return layers;
        }

        private static void add(List<Backbone.Layer> layers, Block block, FeatureSpec feature) {
            layers.add(new Backbone.Layer(String.valueOf(layers.size()), block, feature));
        }

        /**
         * A backbone returning the given feature maps ({@code conv1}..{@code conv5}, {@code pool1}..{@code pool5}),
         * with its layers under {@code features} as in torchvision's VGG.
         */
        public Backbone buildBackbone(String... features) {
            return new Backbone("features", featureLayers(), Arrays.asList(features));
        }

        /**
         * The torchvision classifier: features, 7x7 adaptive average pool, flatten, then Linear(512*7*7, 4096), ReLU,
         * Dropout(0.5), Linear(4096, 4096), ReLU, Dropout(0.5), Linear(4096, numClasses), all widths scaled.
         */
        public Block buildClassifier(int numClasses) {
            NamedSequential features = new NamedSequential();
            featureLayers().forEach(l -> features.add(l.name(), l.block()));
            int hidden = Width.scaled(4096, width);
            NamedSequential classifier = new NamedSequential()
                    .addIndexed(Linear.builder().setUnits(hidden).build())
                    .addIndexed(Activation.reluBlock())
                    .addIndexed(Dropout.builder().optRate(0.5f).build())
                    .addIndexed(Linear.builder().setUnits(hidden).build())
                    .addIndexed(Activation.reluBlock())
                    .addIndexed(Dropout.builder().optRate(0.5f).build())
                    .addIndexed(Linear.builder().setUnits(numClasses).build());
            return new NamedSequential()
                    .add("features", features)
                    .add("avgpool", new AdaptiveAvgPool2d(7, 7))
                    .add("flatten", Blocks.batchFlattenBlock())
                    .add("classifier", classifier);
        }
    }
}

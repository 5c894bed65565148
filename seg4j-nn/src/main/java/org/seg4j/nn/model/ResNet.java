package org.seg4j.nn.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ResNet-50 and ResNet-101 (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016) with torchvision's
 * {@link Bottleneck} layout: conv1 (7x7, stride 2), bn1, relu, maxpool (3x3, stride 2), layer1..layer4 (3, 4, 6 or
 * 23, 3 bottlenecks of 64, 128, 256, 512 planes; layers 2-4 start with stride 2), avgpool, fc. With 1000 classes
 * ResNet-50 has 25,557,032 parameters and ResNet-101 44,549,160.
 *
 * <p>{@code replaceStrideWithDilation} (torchvision's {@code replace_stride_with_dilation}, the atrous convolution of
 * DeepLab, Chen et al., TPAMI 2017) replaces the stride 2 of layer2/3/4 by dilation: [false, true, true] gives output
 * stride 8 and [false, false, true] 16. The first block of a dilated layer keeps the previous dilation, the others use
 * the new one, as in torchvision. A width multiplier scales every channel count for small test instances.
 */
public final class ResNet {
    private static final Map<Integer, int[]> BLOCKS = Map.of(50, new int[] {3, 4, 6, 3}, 101, new int[] {3, 4, 23, 3});

    private ResNet() {
    }

    /** A builder for ResNet-{@code depth}, depth 50 or 101; full width, output stride 32. */
    public static Builder builder(int depth) {
        return new Builder(depth);
    }

    /** Registry entry for the classifier {@code resnetDEPTH}; options {@code width} and {@code output_stride}. */
    static ArchitectureFactory classifierFactory(int depth) {
        return new ArchitectureFactory() {
            @Override
            public boolean segments() {
                return false;
            }

            @Override
            public String name() {
                return "resnet" + depth;
            }

            @Override
            public String description() {
                return "ResNet-" + depth + " image classifier, torchvision Bottleneck layout (He et al. 2016); "
                        + "options: width, output_stride (8, 16, 32)";
            }

            @Override
            public Block create(ModelArgs args) {
                args.requireKnownOptions(name(), Set.of("width", "output_stride"));
                return builder(depth).optWidth(args.positiveNumber("width", 1.0))
                        .optOutputStride(args.intChoice("output_stride", 32, Set.of(8, 16, 32)))
                        .buildClassifier(args.numClasses());
            }
        };
    }

    /** Builds ResNet classifiers and backbones. */
    public static final class Builder {
        private final int[] blocks;
        private double width = 1.0;
        private boolean[] replaceStrideWithDilation = {false, false, false};

        private Builder(int depth) {
            blocks = BLOCKS.get(depth);
            if (blocks == null) {
                throw new IllegalArgumentException("ResNet depth must be 50 or 101, got " + depth);
            }
        }

        /** Channel multiplier (default 1). */
        public Builder optWidth(double width) {
            this.width = Width.checked(width);
            return this;
        }

        /** Dilation instead of stride in layer2, layer3, layer4 (torchvision's {@code replace_stride_with_dilation}). */
        public Builder optReplaceStrideWithDilation(boolean layer2, boolean layer3, boolean layer4) {
            this.replaceStrideWithDilation = new boolean[] {layer2, layer3, layer4};
            return this;
        }

        /** Output stride 32 (no dilation), 16 ([false, false, true]) or 8 ([false, true, true]). */
        public Builder optOutputStride(int outputStride) {
            switch (outputStride) {
                case 32 -> optReplaceStrideWithDilation(false, false, false);
                case 16 -> optReplaceStrideWithDilation(false, false, true);
                case 8 -> optReplaceStrideWithDilation(false, true, true);
                default -> throw new IllegalArgumentException("output stride must be 8, 16 or 32, got " + outputStride);
            }
            return this;
        }

        /** conv1, bn1, relu, maxpool, layer1..layer4; the layers carry the feature maps {@code layer1..layer4}. */
        List<Backbone.Layer> bodyLayers() {
            List<Backbone.Layer> layers = new ArrayList<>();
            int inplanes = Width.scaled(64, width);
            layers.add(new Backbone.Layer("conv1", Bottleneck.conv(inplanes, 7, 2, 3, 1), null));
            layers.add(new Backbone.Layer("bn1", Bottleneck.batchNorm(), null));
            layers.add(new Backbone.Layer("relu", Activation.reluBlock(), null));
            layers.add(new Backbone.Layer("maxpool",
                    Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)), null));
            int dilation = 1;
            int outputStride = 4;
            for (int i = 0; i < 4; i++) {
                int planes = Width.scaled(64 << i, width);
                int stride = i == 0 ? 1 : 2;
                int previousDilation = dilation;
                if (i > 0 && replaceStrideWithDilation[i - 1]) {
                    dilation *= stride;
                    stride = 1;
                }
                outputStride *= stride;
                NamedSequential layer = new NamedSequential();
                layer.addIndexed(new Bottleneck(planes, stride, previousDilation,
                        stride != 1 || inplanes != planes * Bottleneck.EXPANSION));
                inplanes = planes * Bottleneck.EXPANSION;
                for (int b = 1; b < blocks[i]; b++) {
                    layer.addIndexed(new Bottleneck(planes, 1, dilation, false));
                }
                String name = "layer" + (i + 1);
                layers.add(new Backbone.Layer(name, layer, new FeatureSpec(name, inplanes, outputStride)));
            }
            return layers;
        }

        /** A backbone returning the given feature maps among {@code layer1..layer4}. */
        public Backbone buildBackbone(String... features) {
            return new Backbone(null, bodyLayers(), Arrays.asList(features));
        }

        /** The torchvision classifier: the body, 1x1 adaptive average pool, flatten, fc. */
        public Block buildClassifier(int numClasses) {
            NamedSequential net = new NamedSequential();
            bodyLayers().forEach(l -> net.add(l.name(), l.block()));
            return net.add("avgpool", new AdaptiveAvgPool2d(1, 1))
                    .add("flatten", Blocks.batchFlattenBlock())
                    .add("fc", Linear.builder().setUnits(numClasses).build());
        }
    }
}

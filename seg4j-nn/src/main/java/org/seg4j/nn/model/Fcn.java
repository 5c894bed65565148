package org.seg4j.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.seg4j.BadInputException;
import org.seg4j.nn.io.LoadReport;
import org.seg4j.nn.io.Safetensors;
import org.seg4j.nn.io.StateDictNames;
import org.seg4j.nn.io.StateDicts;
import org.seg4j.nn.io.StoredTensor;
import org.seg4j.nn.layer.FcToConv;
import org.seg4j.nn.layer.SkipFusion;
import org.seg4j.nn.layer.TransposedConv2d;

/**
 * FCN-32s, FCN-16s and FCN-8s (Long, Shelhamer &amp; Darrell, "Fully Convolutional Networks for Semantic
 * Segmentation", CVPR 2015 / PAMI 2017), as the authors' Caffe nets {@code voc-fcn32s}, {@code voc-fcn16s},
 * {@code voc-fcn8s}: a VGG16 {@code backbone} with conv1_1 padded by 100 and ceil-mode pools, {@code fc6} (7x7, 4096,
 * no padding) and {@code fc7} (1x1, 4096), each followed by ReLU and dropout 0.5, {@code score_fr} (1x1 to the classes),
 * then up-sampling by bias-free transposed convolutions initialised to bilinear interpolation:
 * <ul>
 *   <li>32s: {@code upscore} (k 64, s 32);</li>
 *   <li>16s: {@code upscore2} (k 4, s 2) + {@code score_pool4} (1x1 on pool4), then {@code upscore16} (k 32, s 16);</li>
 *   <li>8s: as 16s to the pool4 fusion, {@code upscore_pool4} (k 4, s 2) + {@code score_pool3} (1x1 on pool3), then
 *       {@code upscore8} (k 16, s 8).</li>
 * </ul>
 * The 2x up-samplings are learnable, the last one is frozen (Caffe's {@code lr_mult: 0}). This is the staged variant:
 * pool4 and pool3 are scored unscaled (the "at-once" FCN-8s multiplies them by 0.01 and 0.0001 first).
 *
 * <p>Fusion crops the larger map at Caffe's offsets ({@link SkipFusion#cropSum}). They follow from the affine map
 * {@code image = a * position + b} of each layer's output (a kernel k, stride s, padding p layer maps output position
 * y to input {@code s y + (k - 1) / 2 - p}; a transposed one inverts that): pool3 {@code 8y - 95.5}, pool4
 * {@code 16y - 91.5}, score_fr {@code 32y + 12.5}; upscore2 {@code 16y - 11.5}, so pool4's scores are cropped at
 * {@code (91.5 - 11.5) / 16 = 5}; upscore_pool4 {@code 8y - 23.5}, pool3's offset {@code (95.5 - 23.5) / 8 = 9}; the
 * final maps are {@code y - 19} (upscore), {@code y - 27} (upscore16), {@code y - 31} (upscore8), so cropping at 19, 27
 * and 31 gives the input's size and alignment. Every input size admits these crops (the 100-pixel padding makes
 * pool5 at least 7x7), so {@code forward} returns logits {@code [N, classes, H, W]} for any {@code H, W >= 1}.
 */
public final class Fcn extends AbstractBlock {
    /** The three nets, by the stride of their coarsest prediction. */
    public enum Variant {
        FCN32S(32), FCN16S(16), FCN8S(8);

        private final int stride;

        Variant(int stride) {
            this.stride = stride;
        }

        /** 32, 16 or 8. */
        public int stride() {
            return stride;
        }

        /** The registry name, e.g. {@code fcn8s}. */
        public String registryName() {
            return "fcn" + stride + "s";
        }
    }

    private static final float DROPOUT = 0.5f;
    /** Crop offset of pool4's scores against upscore2 (FCN-16s, FCN-8s). */
    public static final int POOL4_OFFSET = 5;
    /** Crop offset of pool3's scores against upscore_pool4 (FCN-8s). */
    public static final int POOL3_OFFSET = 9;

    private final Variant variant;
    private final int numClasses;
    private final Backbone backbone;
    private final Block fc6;
    private final Block fc7;
    private final Block scoreFr;
    private final Block upscore2;
    private final Block scorePool4;
    private final Block upscorePool4;
    private final Block scorePool3;
    private final Block upscoreLast;

    private Fcn(Builder b) {
        variant = b.variant;
        numClasses = b.numClasses;
        int classes = b.numClasses;
        String[] features = switch (variant) {
            case FCN32S -> new String[] {"pool5"};
            case FCN16S -> new String[] {"pool4", "pool5"};
            case FCN8S -> new String[] {"pool3", "pool4", "pool5"};
        };
        backbone = addChildBlock("backbone", Vgg16.builder().optWidth(b.width).optConv1Padding(100).optCeilMode(true)
                .buildBackbone(features));
        int hidden = Width.scaled(4096, b.width);
        fc6 = addChildBlock("fc6", Conv2d.builder().setFilters(hidden).setKernelShape(new Shape(7, 7)).build());
        fc7 = addChildBlock("fc7", conv1x1(hidden));
        scoreFr = addChildBlock("score_fr", conv1x1(classes));
        boolean fuse4 = variant != Variant.FCN32S;
        boolean fuse3 = variant == Variant.FCN8S;
        upscore2 = fuse4 ? addChildBlock("upscore2", upsampling(classes, 2, false)) : null;
        scorePool4 = fuse4 ? addChildBlock("score_pool4", conv1x1(classes)) : null;
        upscorePool4 = fuse3 ? addChildBlock("upscore_pool4", upsampling(classes, 2, false)) : null;
        scorePool3 = fuse3 ? addChildBlock("score_pool3", conv1x1(classes)) : null;
        String last = switch (variant) {
            case FCN32S -> "upscore";
            case FCN16S -> "upscore16";
            case FCN8S -> "upscore8";
        };
        upscoreLast = addChildBlock(last, upsampling(classes, variant.stride(), true));
    }

    /** A builder for the given variant; {@link Builder#setNumClasses} is required. */
    public static Builder builder(Variant variant) {
        return new Builder(variant);
    }

    public Variant variant() {
        return variant;
    }

    private static Block conv1x1(int filters) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(1, 1)).build();
    }

    /** FCN's up-sampling by {@code factor}: kernel {@code 2 factor}, stride {@code factor}, no bias, bilinear. */
    private static Block upsampling(int classes, int factor, boolean frozen) {
        return TransposedConv2d.builder().setFilters(classes).setKernelShape(new Shape(2L * factor, 2L * factor))
                .optStride(new Shape(factor, factor)).optBias(false).optBilinearInit(frozen).build();
    }

    /** The crop offset of the final up-sampled scores (19, 27, 31 for 32s, 16s, 8s). */
    public static int finalOffset(Variant variant) {
        return switch (variant) {
            case FCN32S -> 19;
            case FCN16S -> 27;
            case FCN8S -> 31;
        };
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList features = backbone.forward(store, inputs, training, params);
        NDArray h = apply(fc6, store, Backbone.feature(features, "pool5"), training, params);
        h = Dropout.dropout(Activation.relu(h), DROPOUT, training).singletonOrThrow();
        h = apply(fc7, store, h, training, params);
        h = Dropout.dropout(Activation.relu(h), DROPOUT, training).singletonOrThrow();
        h = apply(scoreFr, store, h, training, params);
        if (upscore2 != null) {
            h = SkipFusion.cropSum(apply(scorePool4, store, Backbone.feature(features, "pool4"), training, params),
                    apply(upscore2, store, h, training, params), POOL4_OFFSET);
        }
        if (upscorePool4 != null) {
            h = SkipFusion.cropSum(apply(scorePool3, store, Backbone.feature(features, "pool3"), training, params),
                    apply(upscorePool4, store, h, training, params), POOL3_OFFSET);
        }
        h = apply(upscoreLast, store, h, training, params);
        int offset = finalOffset(variant);
        return new NDList(SkipFusion.crop(h, offset, offset, x.getShape().get(2), x.getShape().get(3)));
    }

    private static NDArray apply(Block block, ParameterStore store, NDArray x, boolean training,
            PairList<String, Object> params) {
        return block.forward(store, new NDList(x), training, params).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), numClasses, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] features = init(backbone, manager, dataType, inputShapes[0]);
        Shape h = init(fc6, manager, dataType, features[features.length - 1])[0];
        h = init(fc7, manager, dataType, h)[0];
        h = init(scoreFr, manager, dataType, h)[0];
        if (upscore2 != null) {
            h = init(upscore2, manager, dataType, h)[0];
            init(scorePool4, manager, dataType, features[features.length - 2]);
        }
        if (upscorePool4 != null) {
            h = init(upscorePool4, manager, dataType, h)[0];
            init(scorePool3, manager, dataType, features[0]);
        }
        init(upscoreLast, manager, dataType, h);
    }

    private static Shape[] init(Block block, NDManager manager, DataType dataType, Shape input) {
        block.initialize(manager, dataType, input);
        return block.getOutputShapes(new Shape[] {input});
    }

    /**
     * Initialises an FCN from a torchvision VGG16 classifier's state_dict ({@code features.*}, {@code classifier.0.*},
     * {@code classifier.3.*}, as ImageNet-trained weights converted once to safetensors), as FCN's "net surgery" does:
     * the convolutions load into {@code backbone.features.*} and the fc6/fc7 Linear layers become the fc6 (7x7) and
     * fc7 (1x1) convolutions ({@link FcToConv}); the 1000-class {@code classifier.6} is dropped. The score and
     * up-sampling layers keep their values. Every shape is checked before anything is written.
     *
     * @param fcn an initialized FCN whose width matches the weights'
     * @return the keys loaded, the FCN keys left as they were (missing), and the file keys not used (ignored)
     * @throws BadInputException if a VGG16 tensor is absent or has the wrong shape
     */
    public static LoadReport loadVggClassifierWeights(Fcn fcn, Safetensors vgg) {
        Map<String, Parameter> params = StateDictNames.parameters(fcn);
        Map<String, float[]> fc = new LinkedHashMap<>();
        convertLinear(vgg, "classifier.0", "fc6", params, fc);
        convertLinear(vgg, "classifier.3", "fc7", params, fc);
        LoadReport features = StateDicts.load(fcn, vgg, false,
                key -> key.startsWith("features.") ? "backbone." + key : null);
        List<String> notLoaded = features.missing().stream().filter(k -> k.startsWith("backbone.")).toList();
        if (!notLoaded.isEmpty()) {
            throw new BadInputException(vgg.file(), "no VGG16 weights for " + notLoaded);
        }
        fc.forEach((key, values) -> params.get(key).getArray().set(values));
        List<String> loaded = new ArrayList<>(features.loaded());
        loaded.addAll(fc.keySet());
        List<String> missing = features.missing().stream().filter(k -> !fc.containsKey(k)).toList();
        List<String> ignored = features.ignored().stream()
                .filter(k -> !k.startsWith("classifier.0.") && !k.startsWith("classifier.3.")).toList();
        return new LoadReport(loaded, missing, features.unexpected(), ignored);
    }

    /** The Linear {@code source} as the weights of the convolution {@code target}, checked against its shape. */
    private static void convertLinear(Safetensors vgg, String source, String target, Map<String, Parameter> params,
            Map<String, float[]> out) {
        Parameter weight = params.get(target + ".weight");
        Shape w = weight.getArray().getShape();
        StoredTensor linear = vgg.tensor(source + ".weight");
        StoredTensor b = vgg.tensor(source + ".bias");
        try (NDManager scratch = weight.getArray().getManager().newSubManager()) {
            NDArray lin = scratch.create(linear.toFloats(), new Shape(linear.shape()));
            if (b.size() != w.get(0)) {
                throw new IllegalArgumentException("bias " + source + ".bias has " + b.size() + " values, " + target
                        + " has " + w.get(0) + " outputs");
            }
            NDArray conv = FcToConv.convWeight(lin, w.get(1), w.get(2), w.get(3));
            if (conv.getShape().get(0) != w.get(0)) {
                throw new IllegalArgumentException(source + ".weight has " + conv.getShape().get(0) + " outputs, "
                        + target + " has " + w.get(0));
            }
            out.put(target + ".weight", conv.toFloatArray());
            out.put(target + ".bias", b.toFloats());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(vgg.file(), "cannot load " + source + " into " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /** Registry entry {@code fcn32s}, {@code fcn16s} or {@code fcn8s}; option {@code width}. */
    static ArchitectureFactory factory(Variant variant) {
        return new ArchitectureFactory() {
            @Override
            public String name() {
                return variant.registryName();
            }

            @Override
            public String description() {
                return "FCN-" + variant.stride() + "s, VGG16, Caffe voc-fcn" + variant.stride()
                        + "s layout (Long, Shelhamer & Darrell 2015); options: width";
            }

            @Override
            public Block create(ModelArgs args) {
                args.requireKnownOptions(name(), Set.of("width"));
                return builder(variant).setNumClasses(args.numClasses()).optWidth(args.positiveNumber("width", 1.0))
                        .build();
            }
        };
    }

    /** Builds an {@link Fcn}. */
    public static final class Builder {
        private final Variant variant;
        private int numClasses = -1;
        private double width = 1.0;

        private Builder(Variant variant) {
            if (variant == null) {
                throw new IllegalArgumentException("an FCN variant is required");
            }
            this.variant = variant;
        }

        /** Number of classes (score channels). */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /** Channel multiplier of the VGG16 backbone and of fc6/fc7 (default 1). */
        public Builder optWidth(double width) {
            this.width = Width.checked(width);
            return this;
        }

        public Fcn build() {
            if (numClasses < 1) {
                throw new IllegalArgumentException("FCN needs numClasses >= 1, got " + numClasses);
            }
            return new Fcn(this);
        }
    }
}

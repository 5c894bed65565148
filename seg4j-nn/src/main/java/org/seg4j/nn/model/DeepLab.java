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
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Set;
import java.util.function.Function;
import org.seg4j.nn.layer.Aspp;
import org.seg4j.nn.layer.BilinearResize;
import org.seg4j.nn.layer.DilatedConv2d;

/**
 * DeepLab v1 LargeFOV and DeepLab v2 ASPP: a backbone at output stride 8 (or 16), a score head, and bilinear
 * up-sampling of the scores to the input size with {@code align_corners = true} (the convention of DeepLab's Caffe
 * {@code Interp} layer: corner pixels of the score map and of the image coincide). Children: {@code backbone}, and
 * {@code classifier} (v1) or {@code aspp} (v2).
 * <ul>
 *   <li>{@link #largeFov}: Chen, Papandreou, Kokkinos, Murphy &amp; Yuille, "Semantic Image Segmentation with Deep
 *       Convolutional Nets and Fully Connected CRFs", ICLR 2015, "DeepLab-LargeFOV": VGG16 with pool4/pool5 3x3 stride
 *       1 and conv5 dilation 2 ({@link Vgg16.Builder#optLargeFov}), then {@code classifier} = {@code fc6} (3x3,
 *       dilation 12, 1024), ReLU, dropout 0.5, {@code fc7} (1x1, 1024), ReLU, dropout 0.5, {@code fc8} (1x1 to the
 *       classes). 20,505,429 parameters for 21 classes (the paper's Table 2: 20.5M).</li>
 *   <li>{@link #v2Vgg16}: Chen et al., "DeepLab: Semantic Image Segmentation with Deep Convolutional Nets, Atrous
 *       Convolution, and Fully Connected CRFs", TPAMI 2017, ASPP-L: the same backbone and four such heads with fc6
 *       dilations 6, 12, 18, 24 ({@code aspp.c0}..{@code aspp.c3}), scores summed.</li>
 *   <li>{@link #v2ResNet101}: the same ASPP-L on ResNet-101's layer4 (output stride 8 by dilating layer3 and layer4,
 *       or 16), each branch one 3x3 convolution with dilation 6, 12, 18, 24 straight to the classes, scores summed.
 *       The backbone is torchvision's ResNet-101 (stride on the 3x3 convolution) rather than the Caffe MSRA model of
 *       the paper (stride on the first 1x1); the parameter count is the same.</li>
 * </ul>
 * VGG pools 1-3 are torchvision's 2x2 windows (see {@link Vgg16}), so VGG variants admit inputs of at least 8x8; the
 * ResNet variant admits any size. The output is {@code [N, classes, H, W]}. Not included: the paper's multi-scale
 * input fusion (MSC) and the fully connected CRF, which run after the network.
 */
public final class DeepLab extends AbstractBlock {
    private static final int[] ASPP_RATES = {6, 12, 18, 24};
    private static final int LARGE_FOV_RATE = 12;
    private static final int VGG_MIN_SIZE = 8;

    private final Backbone backbone;
    private final Block head;
    private final int numClasses;
    private final int minSize;

    private DeepLab(Backbone backbone, String headName, Block head, int numClasses, int minSize) {
        this.backbone = addChildBlock("backbone", backbone);
        this.head = addChildBlock(headName, head);
        this.numClasses = numClasses;
        this.minSize = minSize;
    }

    /** DeepLab v1 LargeFOV on VGG16 (width: channel multiplier, 1 for the paper's network). */
    public static DeepLab largeFov(int numClasses, double width) {
        return new DeepLab(vggBackbone(width), "classifier", largeFovHead(LARGE_FOV_RATE, numClasses, width),
                numClasses, VGG_MIN_SIZE);
    }

    /** DeepLab v2 ASPP-L on VGG16: four LargeFOV heads with fc6 dilations 6, 12, 18, 24, scores summed. */
    public static DeepLab v2Vgg16(int numClasses, double width) {
        Aspp aspp = Aspp.builder().setRates(ASPP_RATES).setBranch(rate -> largeFovHead(rate, numClasses, width))
                .build();
        return new DeepLab(vggBackbone(width), "aspp", aspp, numClasses, VGG_MIN_SIZE);
    }

    /** DeepLab v2 ASPP-L on ResNet-101 at output stride 8 or 16: four dilated 3x3 classifiers, scores summed. */
    public static DeepLab v2ResNet101(int numClasses, double width, int outputStride) {
        if (outputStride != 8 && outputStride != 16) {
            throw new IllegalArgumentException("DeepLab v2 output stride must be 8 or 16, got " + outputStride);
        }
        Backbone resnet = ResNet.builder(101).optWidth(width).optOutputStride(outputStride).buildBackbone("layer4");
        Aspp aspp = Aspp.builder().setRates(ASPP_RATES).setBranch(Aspp.atrousClassifier(numClasses)).build();
        return new DeepLab(resnet, "aspp", aspp, numClasses, 1);
    }

    /** Input pixels per score-map pixel before the up-sampling: 8, or 16 for the ResNet variant built so. */
    public int outputStride() {
        return backbone.features().get(0).stride();
    }

    private static Backbone vggBackbone(double width) {
        return Vgg16.builder().optWidth(width).optLargeFov(true).buildBackbone("pool5");
    }

    /**
     * fc6 (3x3, dilation {@code rate}, 1024 x width), relu6, drop6, fc7 (1x1, 1024 x width), relu7, drop7, fc8 (1x1
     * to the classes): DeepLab-LargeFOV's classifier and one DeepLab v2-VGG ASPP branch.
     */
    static NamedSequential largeFovHead(int rate, int numClasses, double width) {
        int hidden = Width.scaled(1024, width);
        return new NamedSequential()
                .add("fc6", DilatedConv2d.builder().setFilters(hidden).optKernel(3).optDilation(rate).build())
                .add("relu6", Activation.reluBlock())
                .add("drop6", Dropout.builder().optRate(0.5f).build())
                .add("fc7", Conv2d.builder().setFilters(hidden).setKernelShape(new Shape(1, 1)).build())
                .add("relu7", Activation.reluBlock())
                .add("drop7", Dropout.builder().optRate(0.5f).build())
                .add("fc8", Conv2d.builder().setFilters(numClasses).setKernelShape(new Shape(1, 1)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        Shape in = inputs.singletonOrThrow().getShape();
        checkSize(in);
        NDList features = backbone.forward(store, inputs, training, params);
        NDArray scores = head.forward(store, features, training, params).singletonOrThrow();
        return new NDList(BilinearResize.resize(scores, in.get(2), in.get(3), true));
    }

    private void checkSize(Shape in) {
        if (in.dimension() != 4 || in.get(2) < minSize || in.get(3) < minSize) {
            throw new IllegalArgumentException("DeepLab needs an [N, C, H, W] input with H, W >= " + minSize
                    + ", got " + in);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), numClasses, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkSize(inputShapes[0]);
        backbone.initialize(manager, dataType, inputShapes);
        head.initialize(manager, dataType, backbone.getOutputShapes(inputShapes));
    }

    /** Registry entries: {@code deeplab_largefov}, {@code deeplabv2_vgg16}, {@code deeplabv2_resnet101}. */
    static ArchitectureFactory largeFovFactory() {
        return factory("deeplab_largefov", "DeepLab v1 LargeFOV, VGG16, fc6 dilation 12, output stride 8 (Chen et al."
                + " 2015); options: width", false, args -> largeFov(args.numClasses(), width(args)));
    }

    static ArchitectureFactory v2Vgg16Factory() {
        return factory("deeplabv2_vgg16", "DeepLab v2 ASPP-L (rates 6/12/18/24, summed), VGG16, output stride 8"
                + " (Chen et al. 2017); options: width", false, args -> v2Vgg16(args.numClasses(), width(args)));
    }

    static ArchitectureFactory v2ResNet101Factory() {
        return factory("deeplabv2_resnet101", "DeepLab v2 ASPP-L (rates 6/12/18/24, summed), ResNet-101 (Chen et al."
                + " 2017); options: width, output_stride (8, 16)", true, args -> v2ResNet101(args.numClasses(),
                width(args), args.intChoice("output_stride", 8, Set.of(8, 16))));
    }

    private static double width(ModelArgs args) {
        return args.positiveNumber("width", 1.0);
    }

    private static ArchitectureFactory factory(String name, String description, boolean outputStride,
            Function<ModelArgs, Block> build) {
        Set<String> options = outputStride ? Set.of("width", "output_stride") : Set.of("width");
        return new ArchitectureFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public Block create(ModelArgs args) {
                args.requireKnownOptions(name, options);
                return build.apply(args);
            }
        };
    }
}

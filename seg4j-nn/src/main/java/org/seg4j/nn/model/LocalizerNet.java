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
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Set;

/**
 * The OverFeat localizer (Sermanet et al., "OverFeat: Integrated Recognition, Localization and Detection using
 * Convolutional Networks", ICLR 2014, sections 3-4) at a size this machine trains from scratch: a convolutional
 * backbone of {@value #STAGES} stages, each an unpadded 3x3 convolution, batch normalization, ReLU and a 2x2 max pool of
 * stride 2 ({@code width, 2 width, 4 width, 4 width} channels), giving a {@value #FEATURE} x {@value #FEATURE} map for a
 * {@value #WINDOW} x {@value #WINDOW} window; then two fully connected heads on the flattened map, each
 * {@code Linear(hidden) - ReLU - Linear}: the classifier ({@code classes} logits, class 0 the background) and the
 * box regressor (4 targets per foreground class, {@link org.seg4j.box.BoxEncoding.CentreLog} relative to the window,
 * as OverFeat's per-class regressors).
 *
 * <p>Unpadded convolutions make the network a function of the window alone, so that the heads turned into
 * convolutions ({@code org.seg4j.nn.localize.ConvolutionalLocalizer}) evaluate exactly the windows at stride
 * {@value #STRIDE} of any larger image. {@link #forward} takes {@code [N, C, 94, 94]} windows and returns
 * {@code [class logits N x K, boxes N x 4(K-1)]}; whatever input shape {@code initialize} is given, the heads are
 * sized for the window.
 *
 * <p>Child names (state_dict keys): {@code backbone.0..} (conv, bn, relu, pool per stage), {@code classifier.0} and
 * {@code classifier.2} (Linear layers), {@code regressor.0} and {@code regressor.2}.
 */
public final class LocalizerNet extends AbstractBlock {
    /** Backbone stages. */
    public static final int STAGES = 4;
    /** Side of the backbone's output map for one window. */
    public static final int FEATURE = 4;
    /** Side of the window the network classifies, in input pixels: {@code ((((4 * 2 + 2) * 2 + 2) * 2 + 2) * 2 + 2}. */
    public static final int WINDOW = 94;
    /** Distance between neighbouring windows of the convolutional evaluation: the backbone's total pooling. */
    public static final int STRIDE = 16;
    /** Epsilon of every batch norm of the backbone. */
    public static final float BATCH_NORM_EPSILON = 1e-5f;
    private static final Set<String> OPTIONS = Set.of("width", "hidden");

    private final int numClasses;
    private final int featureChannels;
    private final Block backbone;
    private final NamedSequential classifier;
    private final NamedSequential regressor;
    private boolean classifierFrozen;

    /**
     * @param numClasses classes including the background (at least 2)
     * @param width channels of the first stage
     * @param hidden units of each head's hidden layer
     */
    public LocalizerNet(int numClasses, int width, int hidden) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("a localizer needs the background and at least one class, got "
                    + numClasses + " classes");
        }
        if (width < 1 || hidden < 1) {
            throw new IllegalArgumentException("width and hidden must be positive, got " + width + ", " + hidden);
        }
        this.numClasses = numClasses;
        NamedSequential b = new NamedSequential();
        int channels = width;
        for (int stage = 0; stage < STAGES; stage++) {
            channels = width << Math.min(stage, 2);
            b.addIndexed(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(channels).optBias(false).build());
            b.addIndexed(BatchNorm.builder().optEpsilon(BATCH_NORM_EPSILON).optMomentum(0.9f).build());
            b.addIndexed(Activation.reluBlock());
            b.addIndexed(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        this.featureChannels = channels;
        this.backbone = addChildBlock("backbone", b);
        this.classifier = addChildBlock("classifier", head(hidden, numClasses));
        this.regressor = addChildBlock("regressor", head(hidden, 4 * (numClasses - 1)));
    }

    private static NamedSequential head(int hidden, int outputs) {
        return new NamedSequential().addIndexed(Linear.builder().setUnits(hidden).build())
                .addIndexed(Activation.reluBlock()).addIndexed(Linear.builder().setUnits(outputs).build());
    }

    /** Registry entry {@code localizer}; options width (32), hidden (128). */
    public static ArchitectureFactory factory() {
        return new ArchitectureFactory() {
            @Override
            public boolean segments() {
                return false;
            }

            @Override
            public String name() {
                return "localizer";
            }

            @Override
            public String description() {
                return "OverFeat-style localizer (Sermanet et al., ICLR 2014): 94x94 windows, class + box heads, "
                        + "convolutional evaluation at stride 16; options: width (32), hidden (128)";
            }

            @Override
            public Block create(ModelArgs args) {
                args.requireKnownOptions(name(), OPTIONS);
                return new LocalizerNet(args.numClasses(), (int) args.positiveNumber("width", 32),
                        (int) args.positiveNumber("hidden", 128));
            }
        };
    }

    /** Classes including the background. */
    public int numClasses() {
        return numClasses;
    }

    /** Channels of the backbone's output map. */
    public int featureChannels() {
        return featureChannels;
    }

    /**
     * Fixes the backbone and the classifier head: their parameters stop taking gradients and their batch norm stays in
     * inference mode, so training changes only the box regressor (OverFeat's regression network trained on the
     * classifier's fixed features).
     */
    public void freezeClassifier() {
        backbone.freezeParameters(true);
        classifier.freezeParameters(true);
        classifierFrozen = true;
    }

    /** The convolutional stages, shared by the heads and by their convolutional form. */
    public Block backbone() {
        return backbone;
    }

    /** The class head: {@code Linear(hidden) - ReLU - Linear(classes)}. */
    public NamedSequential classifier() {
        return classifier;
    }

    /** The box head: {@code Linear(hidden) - ReLU - Linear(4 (classes - 1))}. */
    public NamedSequential regressor() {
        return regressor;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(2) != WINDOW || s.get(3) != WINDOW) {
            throw new IllegalArgumentException("the localizer classifies " + WINDOW + "x" + WINDOW
                    + " windows [N, C, " + WINDOW + ", " + WINDOW + "]; got " + s
                    + " (use ConvolutionalLocalizer for whole images)");
        }
        boolean trainFeatures = training && !classifierFrozen;
        NDArray features = backbone.forward(store, new NDList(x), trainFeatures, params).singletonOrThrow();
        NDList flat = new NDList(features.reshape(s.get(0), -1));
        return new NDList(classifier.forward(store, flat, trainFeatures, params).singletonOrThrow(),
                regressor.forward(store, flat, training, params).singletonOrThrow());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape window = new Shape(1, inputShapes[0].get(1), WINDOW, WINDOW);
        backbone.initialize(manager, dataType, window);
        Shape flat = new Shape(1, (long) featureChannels * FEATURE * FEATURE);
        classifier.initialize(manager, dataType, flat);
        regressor.initialize(manager, dataType, flat);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        return new Shape[] {new Shape(n, numClasses), new Shape(n, 4L * (numClasses - 1))};
    }
}

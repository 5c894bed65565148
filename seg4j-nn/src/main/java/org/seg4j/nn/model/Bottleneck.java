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

/**
 * The ResNet bottleneck residual block (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016) as
 * torchvision builds it ("v1.5": the stride sits on the 3x3 convolution): relu(bn1(conv1 1x1)), relu(bn2(conv2 3x3,
 * stride, dilation)), bn3(conv3 1x1, 4x planes), plus the identity or {@code downsample} (1x1 convolution with the
 * stride, then batch norm), then ReLU. Children are named conv1, bn1, conv2, bn2, conv3, bn3, downsample.
 */
public final class Bottleneck extends AbstractBlock {
    static final int EXPANSION = 4;

    private final Block conv1;
    private final Block bn1;
    private final Block conv2;
    private final Block bn2;
    private final Block conv3;
    private final Block bn3;
    private final Block downsample;

    /**
     * @param planes width of the 3x3 convolution; the block outputs {@code 4 * planes} channels
     * @param stride stride of the 3x3 convolution (and of the downsample)
     * @param dilation dilation (and padding) of the 3x3 convolution
     * @param downsample whether the identity path needs a 1x1 projection
     */
    Bottleneck(int planes, int stride, int dilation, boolean downsample) {
        conv1 = addChildBlock("conv1", conv(planes, 1, 1, 0, 1));
        bn1 = addChildBlock("bn1", batchNorm());
        conv2 = addChildBlock("conv2", conv(planes, 3, stride, dilation, dilation));
        bn2 = addChildBlock("bn2", batchNorm());
        conv3 = addChildBlock("conv3", conv(planes * EXPANSION, 1, 1, 0, 1));
        bn3 = addChildBlock("bn3", batchNorm());
        this.downsample = downsample
                ? addChildBlock("downsample", new NamedSequential()
                        .addIndexed(conv(planes * EXPANSION, 1, stride, 0, 1)).addIndexed(batchNorm()))
                : null;
    }

    static Block conv(int filters, int kernel, int stride, int padding, int dilation) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(filters).optBias(false)
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding))
                .optDilation(new Shape(dilation, dilation)).build();
    }

    /** PyTorch's BatchNorm2d defaults: eps 1e-5, running average momentum 0.1 (DJL's 0.9 keeps the old value). */
    static Block batchNorm() {
        return BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        x = relu(bn1.forward(store, conv1.forward(store, x, training), training));
        x = relu(bn2.forward(store, conv2.forward(store, x, training), training));
        x = bn3.forward(store, conv3.forward(store, x, training), training);
        NDArray identity = downsample == null ? inputs.singletonOrThrow()
                : downsample.forward(store, inputs, training).singletonOrThrow();
        return new NDList(Activation.relu(x.singletonOrThrow().add(identity)));
    }

    private static NDList relu(NDList x) {
        return new NDList(Activation.relu(x.singletonOrThrow()));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block b : new Block[] {conv1, bn1, conv2, bn2, conv3, bn3}) {
            b.initialize(manager, dataType, shapes);
            shapes = b.getOutputShapes(shapes);
        }
        if (downsample != null) {
            downsample.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block b : new Block[] {conv1, bn1, conv2, bn2, conv3, bn3}) {
            shapes = b.getOutputShapes(shapes);
        }
        return shapes;
    }
}

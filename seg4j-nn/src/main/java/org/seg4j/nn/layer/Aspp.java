package org.seg4j.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Atrous spatial pyramid pooling (Chen et al., "DeepLab: Semantic Image Segmentation with Deep Convolutional Nets,
 * Atrous Convolution, and Fully Connected CRFs", TPAMI 2018, section 3.3 and Fig. 7): parallel branches, one per
 * dilation rate, applied to the same input. DeepLab v2 ends every branch with its own classifier and fuses the branch
 * scores by {@link Fusion#SUM}; {@link Fusion#CONCAT} concatenates the branch outputs along channels and applies a
 * 1x1 convolution (with bias), as later ASPP heads do.
 *
 * <p>Child names: branch i is {@code "c" + i} (as deeplab-pytorch's {@code _ASPP}, {@code c0}..{@code c3}), the
 * concat projection {@code "project"}.
 */
public final class Aspp extends AbstractBlock {
    /** How branch outputs are combined. */
    public enum Fusion {
        SUM, CONCAT
    }

    private final List<Block> branches = new ArrayList<>();
    private final Fusion fusion;
    private final Block project;

    private Aspp(Builder b) {
        for (int i = 0; i < b.rates.length; i++) {
            branches.add(addChildBlock("c" + i, b.branch.apply(b.rates[i])));
        }
        fusion = b.fusion;
        project = fusion == Fusion.CONCAT ? addChildBlock("project", Conv2d.builder().setFilters(b.projection)
                .setKernelShape(new Shape(1, 1)).build()) : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The branches, in rate order. */
    public List<Block> branches() {
        return List.copyOf(branches);
    }

    public Fusion fusion() {
        return fusion;
    }

    /** The 1x1 projection after the concatenation, or null with {@link Fusion#SUM}. */
    public Block projection() {
        return project;
    }

    /**
     * DeepLab v2's ResNet branch: one 3x3 convolution with dilation r and padding r straight to {@code classes}
     * scores (with bias).
     */
    public static IntFunction<Block> atrousClassifier(int classes) {
        return rate -> DilatedConv2d.builder().setFilters(classes).optKernel(3).optDilation(rate).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList outs = new NDList();
        for (Block b : branches) {
            outs.add(b.forward(store, inputs, training, params).singletonOrThrow());
        }
        if (fusion == Fusion.SUM) {
            NDArray sum = outs.get(0);
            for (int i = 1; i < outs.size(); i++) {
                sum = sum.add(outs.get(i));
            }
            return new NDList(sum);
        }
        return project.forward(store, new NDList(NDArrays.concat(outs, 1)), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape first = branches.get(0).getOutputShapes(inputShapes)[0];
        return fusion == Fusion.SUM ? new Shape[] {first} : project.getOutputShapes(new Shape[] {concatShape(inputShapes)});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block b : branches) {
            b.initialize(manager, dataType, inputShapes);
        }
        if (project != null) {
            project.initialize(manager, dataType, concatShape(inputShapes));
        }
    }

    private Shape concatShape(Shape[] inputShapes) {
        Shape first = branches.get(0).getOutputShapes(inputShapes)[0];
        long channels = 0;
        for (Block b : branches) {
            channels += b.getOutputShapes(inputShapes)[0].get(1);
        }
        return new Shape(first.get(0), channels, first.get(2), first.get(3));
    }

    /** Builds an {@link Aspp}: rates and a branch factory are required; fusion defaults to SUM. */
    public static final class Builder {
        private int[] rates;
        private IntFunction<Block> branch;
        private Fusion fusion = Fusion.SUM;
        private int projection = -1;

        private Builder() {
        }

        /** Dilation rates, one branch each (DeepLab v2: 6, 12, 18, 24). */
        public Builder setRates(int... rates) {
            this.rates = rates.clone();
            return this;
        }

        /** Makes the branch for a rate, e.g. {@link Aspp#atrousClassifier}. */
        public Builder setBranch(IntFunction<Block> branch) {
            this.branch = branch;
            return this;
        }

        /** Concatenate the branches and project them to {@code channels} with a 1x1 convolution. */
        public Builder optConcat(int channels) {
            this.fusion = Fusion.CONCAT;
            this.projection = channels;
            return this;
        }

        public Aspp build() {
            if (rates == null || rates.length == 0 || branch == null) {
                throw new IllegalArgumentException("ASPP needs at least one rate and a branch factory");
            }
            if (fusion == Fusion.CONCAT && projection < 1) {
                throw new IllegalArgumentException("ASPP concat needs projection channels >= 1");
            }
            return new Aspp(this);
        }
    }
}

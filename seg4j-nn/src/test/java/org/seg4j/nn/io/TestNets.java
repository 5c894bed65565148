package org.seg4j.nn.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.Function;
import org.seg4j.nn.model.ArchitectureFactory;
import org.seg4j.nn.model.ModelArgs;
import org.seg4j.nn.model.ModelRegistry;

/** DJL twins of the PyTorch nets in tools/reference/external_models.py, named like their modules. */
final class TestNets {
    private TestNets() {
    }

    /** A registry holding one test architecture. */
    static ModelRegistry registry(String name, Function<ModelArgs, Block> create) {
        return new ModelRegistry().register(new ArchitectureFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "test network " + name;
            }

            @Override
            public Block create(ModelArgs args) {
                return create.apply(args);
            }
        });
    }

    /** {@code nn.Sequential(Conv2d(3, 4, 3, padding=1), ReLU(), Conv2d(4, classes, 1))}: keys 0.weight ... 2.bias. */
    static SequentialBlock tinySeg(int classes) {
        return new SequentialBlock().add(conv(4, 3, true)).add(Activation::relu).add(conv(classes, 1, true));
    }

    static Conv2d conv(int filters, int kernel, boolean bias) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2)).optBias(bias).build();
    }

    /** BnNet: features = Sequential(Conv2d(3, 4, 3, padding=1, bias=False), BatchNorm2d(4), ReLU()), classifier. */
    static final class BnNet extends AbstractBlock {
        private final Block features;
        private final Block classifier;

        BnNet(int classes) {
            features = addChildBlock("features", new SequentialBlock().add(conv(4, 3, false))
                    .add(BatchNorm.builder().build()).add(Activation::relu));
            classifier = addChildBlock("classifier", conv(classes, 1, true));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            return classifier.forward(ps, features.forward(ps, inputs, training), training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return classifier.getOutputShapes(features.getOutputShapes(inputShapes));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            features.initialize(manager, dataType, inputShapes);
            classifier.initialize(manager, dataType, features.getOutputShapes(inputShapes));
        }
    }

    /** A block holding {@code inner} as its child "backbone", as a seg4j model nests a torchvision backbone. */
    static final class Wrapper extends AbstractBlock {
        private final Block inner;

        Wrapper(Block inner) {
            this.inner = addChildBlock("backbone", inner);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            return inner.forward(ps, inputs, training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inner.getOutputShapes(inputShapes);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            inner.initialize(manager, dataType, inputShapes);
        }
    }

    static <B extends Block> B initialized(B block, NDManager manager, int channels) {
        block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, 8, 8));
        return block;
    }

    static NDArray forward(Block block, NDManager manager, NDArray x) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
    }
}

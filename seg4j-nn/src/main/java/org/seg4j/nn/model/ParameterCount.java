package org.seg4j.nn.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * Counts a network's learnable parameters (what PyTorch's {@code sum(p.numel() for p in model.parameters())}
 * counts: weights, biases, batch-norm scale and shift; not the running statistics) without allocating them.
 */
public final class ParameterCount {
    /** Gives every parameter a broadcast view of one zero: the right shape, one element of memory. */
    private static final Initializer SHAPE_ONLY = (manager, shape, dataType) ->
            manager.zeros(new Shape(1), dataType).broadcast(shape);

    private ParameterCount() {
    }

    /**
     * Infers the parameter shapes of a fresh (uninitialized) block for the given input shape and sums their sizes.
     * The block is spent afterwards (its parameters point to released placeholders): build a new one to use.
     */
    public static long of(Block freshBlock, Shape inputShape) {
        if (freshBlock.isInitialized()) {
            throw new IllegalArgumentException("the block is already initialized; pass a fresh one");
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            freshBlock.setInitializer(SHAPE_ONLY, p -> true);
            freshBlock.initialize(manager, DataType.FLOAT32, inputShape);
            long total = 0;
            for (Parameter p : freshBlock.getParameters().values()) {
                if (p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR) {
                    total += p.getShape().size();
                }
            }
            return total;
        }
    }
}

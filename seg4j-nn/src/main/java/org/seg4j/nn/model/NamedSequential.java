package org.seg4j.nn.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * A {@link SequentialBlock} whose children carry given names, so the block tree mirrors a PyTorch module's
 * ({@code nn.Sequential} children "0", "1", ...; or named attributes such as "conv1", "layer1"). DJL prefixes each
 * child name with its two-digit position ("01features"); stripping that prefix gives the PyTorch name.
 */
public final class NamedSequential extends SequentialBlock {
    /** Appends {@code block} under {@code name}. */
    public NamedSequential add(String name, Block block) {
        addChildBlock(name, block);
        return this;
    }

    /** Appends {@code block} named by its position ("0", "1", ...), as {@code nn.Sequential} names its children. */
    public NamedSequential addIndexed(Block block) {
        return add(String.valueOf(getChildren().size()), block);
    }
}

package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import java.util.List;

/** Writes the ONNX nodes of one kind of block: from the names of its input values to the names of its outputs. */
@FunctionalInterface
interface BlockExporter {
    /**
     * @param block the block, of the kind this exporter was registered for, initialised
     * @param inputs the ONNX values the block's forward takes, in order
     * @param export the graph being built, and the exporters of the block's children
     * @return the ONNX values of the block's forward outputs, in order
     */
    List<String> export(Block block, List<String> inputs, GraphExport export);
}

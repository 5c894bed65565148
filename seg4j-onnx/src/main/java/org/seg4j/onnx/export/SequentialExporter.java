package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import java.util.List;

/** DJL's {@code SequentialBlock} (and seg4j's {@code NamedSequential}): the children's graphs chained in order. */
final class SequentialExporter implements BlockExporter {
    @Override
    public List<String> export(Block block, List<String> inputs, GraphExport export) {
        List<String> x = inputs;
        for (Block child : block.getChildren().values()) {
            x = export.export(child, x);
        }
        return x;
    }
}

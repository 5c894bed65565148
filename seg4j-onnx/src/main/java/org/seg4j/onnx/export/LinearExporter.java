package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.util.List;

/**
 * DJL's {@link Linear} on {@code [N, in]} as ONNX {@code Gemm} (https://onnx.ai/onnx/operators/onnx__Gemm.html)
 * {@code Y = X W^T + b}: {@code transB = 1} with DJL's weight {@code [units, in]}.
 */
final class LinearExporter implements BlockExporter {
    @Override
    public List<String> export(Block block, List<String> inputs, GraphExport export) {
        return List.of(export.graph().node("Gemm", List.of(inputs.get(0), export.parameter(block, "weight"),
                export.parameter(block, "bias")), Attributes.integer("transB", 1)));
    }
}

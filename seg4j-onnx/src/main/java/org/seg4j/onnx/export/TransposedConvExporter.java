package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import java.util.List;
import org.seg4j.nn.layer.TransposedConv2d;

/**
 * seg4j's {@link TransposedConv2d} (computed in seg4j by sub-pixel decomposition) as ONNX {@code ConvTranspose}
 * (https://onnx.ai/onnx/operators/onnx__ConvTranspose.html), which takes the same weight {@code [C, M, kH, kW]} and
 * gives the same output size {@code s (i - 1) + a + k - 2p} with {@code pads} p on both sides and
 * {@code output_padding} a.
 */
final class TransposedConvExporter implements BlockExporter {
    @Override
    public List<String> export(Block block, List<String> inputs, GraphExport export) {
        TransposedConv2d t = (TransposedConv2d) block;
        return List.of(export.graph().node("ConvTranspose", export.weightAndBias(t, inputs.get(0)),
                Attributes.ints("kernel_shape", t.getKernelShape().getShape()),
                Attributes.ints("strides", t.getStride().getShape()),
                Attributes.pads(t.getPadding()),
                Attributes.ints("output_padding", t.getOutputPadding().getShape())));
    }
}

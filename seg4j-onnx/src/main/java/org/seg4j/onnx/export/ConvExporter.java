package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;

/**
 * DJL's {@link Conv2d} as ONNX {@code Conv} (https://onnx.ai/onnx/operators/onnx__Conv.html): the same weight layout
 * {@code [M, C / group, kH, kW]}, optional bias {@code [M]}, symmetric {@code pads} {@code [top, left, bottom, right]},
 * {@code strides}, {@code dilations} and {@code group}.
 */
final class ConvExporter implements BlockExporter {
    @Override
    public List<String> export(Block block, List<String> inputs, GraphExport export) {
        Conv2d conv = (Conv2d) block;
        return List.of(export.graph().node("Conv", export.weightAndBias(conv, inputs.get(0)),
                Attributes.ints("kernel_shape", conv.getKernelShape().getShape()),
                Attributes.ints("strides", conv.getStride().getShape()),
                Attributes.pads(conv.getPadding()),
                Attributes.ints("dilations", conv.getDilation().getShape()),
                Attributes.integer("group", conv.getGroups())));
    }
}

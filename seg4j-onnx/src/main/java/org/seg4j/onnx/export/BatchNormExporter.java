package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;

/**
 * DJL's {@link BatchNorm} in inference mode as ONNX {@code BatchNormalization}
 * (https://onnx.ai/onnx/operators/onnx__BatchNormalization.html): {@code Y = (X - mean) / sqrt(var + epsilon) *
 * scale + B} per channel of axis 1, from gamma, beta and the running mean and variance.
 */
final class BatchNormExporter implements BlockExporter {
    @Override
    public List<String> export(Block block, List<String> inputs, GraphExport export) {
        BatchNorm bn = (BatchNorm) block;
        DjlSettings.BatchNormSettings settings = DjlSettings.batchNorm(bn);
        if (settings.axis() != 1 || !settings.center() || !settings.scale()) {
            throw new UnsupportedOperationException("no ONNX export for a batch norm over axis " + settings.axis()
                    + " or without centre and scale");
        }
        return List.of(export.graph().node("BatchNormalization", List.of(inputs.get(0),
                export.parameter(bn, "gamma"), export.parameter(bn, "beta"), export.parameter(bn, "runningMean"),
                export.parameter(bn, "runningVar")), Attributes.real("epsilon", settings.epsilon())));
    }
}

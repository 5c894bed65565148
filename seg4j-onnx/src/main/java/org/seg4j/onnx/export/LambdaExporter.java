package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import java.util.List;

/**
 * DJL's parameter-free {@link LambdaBlock}s, recognised by name: {@code ReLU} ({@code Activation.reluBlock}) as ONNX
 * {@code Relu}, {@code batchFlatten} ({@code Blocks.batchFlattenBlock}) as {@code Flatten} with axis 1 (row-major,
 * as {@code reshape(N, -1)}), {@code maxPool2d} ({@code Pool.maxPool2dBlock}) as {@code MaxPool}
 * (https://onnx.ai/onnx/operators/).
 */
final class LambdaExporter implements BlockExporter {
    @Override
    public List<String> export(Block block, List<String> inputs, GraphExport export) {
        LambdaBlock lambda = (LambdaBlock) block;
        return switch (lambda.getName()) {
            case "ReLU" -> List.of(export.relu(inputs.get(0)));
            case "batchFlatten" -> List.of(export.graph().node("Flatten", inputs, Attributes.integer("axis", 1)));
            case "maxPool2d" -> {
                DjlSettings.PoolSettings p = DjlSettings.maxPool(lambda);
                yield PoolExporter.maxPool(export, inputs.get(0), p.kernel(), p.stride(), p.padding(), p.ceilMode(), 1);
            }
            default -> throw new UnsupportedOperationException("no ONNX export for the lambda block '"
                    + lambda.getName() + "'");
        };
    }
}

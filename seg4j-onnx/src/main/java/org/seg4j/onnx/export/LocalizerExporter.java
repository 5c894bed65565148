package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import java.util.List;
import java.util.Map;
import org.seg4j.nn.model.LocalizerNet;

/**
 * The OverFeat {@link LocalizerNet} on its {@value LocalizerNet#WINDOW}-pixel windows: backbone, {@code Flatten}
 * (row-major, as its {@code reshape(N, -1)}), then the classifier and the box regressor on the same features; two
 * outputs, class logits and box offsets.
 */
final class LocalizerExporter implements BlockExporter {
    @Override
    public List<String> export(Block block, List<String> inputs, GraphExport export) {
        Map<String, Block> c = GraphExport.children(block);
        String features = export.single(c.get("backbone"), inputs.get(0));
        String flat = export.graph().node("Flatten", List.of(features), Attributes.integer("axis", 1));
        return List.of(export.single(c.get("classifier"), flat), export.single(c.get("regressor"), flat));
    }
}

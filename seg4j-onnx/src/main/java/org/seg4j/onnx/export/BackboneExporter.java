package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.seg4j.nn.model.Backbone;

/** A seg4j {@link Backbone}: its layers chained, returning the requested feature maps in the requested order. */
final class BackboneExporter implements BlockExporter {
    @Override
    public List<String> export(Block block, List<String> inputs, GraphExport export) {
        Backbone backbone = (Backbone) block;
        Map<String, String> found = new HashMap<>();
        String x = inputs.get(0);
        for (Backbone.Layer layer : backbone.layers()) {
            x = export.single(layer.block(), x);
            if (layer.feature() != null) {
                found.put(layer.feature().name(), x);
            }
        }
        return backbone.features().stream().map(f -> found.get(f.name())).toList();
    }
}

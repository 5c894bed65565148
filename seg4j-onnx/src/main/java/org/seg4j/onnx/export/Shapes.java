package org.seg4j.onnx.export;

import java.util.List;

/**
 * Dynamic shape arithmetic in the graph, so exported networks take any input height and width: {@code Shape} reads
 * dimensions as a 1-D int64 tensor (opset 15's {@code start}/{@code end} attributes); integer {@code Add}, {@code Sub},
 * {@code Mul}, {@code Div} (truncating, on non-negative sizes a floor), {@code Mod}, {@code Max}; {@code Slice} with
 * computed bounds (ONNX operator specification, https://onnx.ai/onnx/operators/).
 */
final class Shapes {
    private final OnnxGraph graph;

    Shapes(OnnxGraph graph) {
        this.graph = graph;
    }

    /** Dimensions {@code start..end-1} of {@code x}, int64 {@code [end - start]}. */
    String dims(String x, int start, int end) {
        return graph.node("Shape", List.of(x), Attributes.integer("start", start), Attributes.integer("end", end));
    }

    /** The height and width of an NCHW value, int64 {@code [2]}. */
    String spatial(String x) {
        return dims(x, 2, 4);
    }

    /** An elementwise integer operation: {@code Add}, {@code Sub}, {@code Mul}, {@code Div}, {@code Mod} or {@code Max}. */
    String op(String type, String a, String b) {
        return graph.node(type, List.of(a, b));
    }

    /** A constant int64 vector. */
    String constant(long... values) {
        return graph.ints("const", values);
    }

    /** {@code x[:, :, top : top + h, left : left + w]} for {@code origin = [top, left]} and {@code size = [h, w]}. */
    String crop(String x, String origin, String size) {
        return graph.node("Slice", List.of(x, origin, op("Add", origin, size), constant(2, 3)));
    }
}

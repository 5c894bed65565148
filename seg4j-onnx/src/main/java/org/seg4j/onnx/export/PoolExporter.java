package org.seg4j.onnx.export;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import org.seg4j.nn.layer.MaxPool2dIndices;
import org.seg4j.nn.model.AdaptiveAvgPool2d;
import org.seg4j.onnx.proto.OnnxProto.TensorProto;

/**
 * Pooling as ONNX {@code MaxPool} (https://onnx.ai/onnx/operators/onnx__MaxPool.html; {@code ceil_mode}, padding that
 * never wins) and adaptive average pooling as two {@code MatMul}s. {@link MaxPool2dIndices} also returns MaxPool's
 * optional {@code Indices} output, whose layout differs from seg4j's: ONNX flattens over the whole
 * {@code N x C x H x W} tensor, seg4j over one channel plane; the exported graph only hands them to {@code MaxUnpool},
 * which reads ONNX's layout.
 */
final class PoolExporter {
    private PoolExporter() {
    }

    /** A max pool with one output (values) or two (values, ONNX indices). */
    static List<String> maxPool(GraphExport export, String input, Shape kernel, Shape stride, Shape padding,
            boolean ceilMode, int outputs) {
        return export.graph().node("MaxPool", List.of(input), outputs,
                Attributes.ints("kernel_shape", kernel.getShape()), Attributes.ints("strides", stride.getShape()),
                Attributes.pads(padding),
                Attributes.integer("ceil_mode", ceilMode ? 1 : 0));
    }

    /** {@link MaxPool2dIndices}: {@code [values, indices]}. */
    static List<String> withIndices(Block block, List<String> inputs, GraphExport export) {
        MaxPool2dIndices pool = (MaxPool2dIndices) block;
        return maxPool(export, inputs.get(0), pool.kernel(), pool.stride(), pool.padding(), pool.ceilMode(), 2);
    }

    /**
     * {@link AdaptiveAvgPool2d} as seg4j computes it, {@code A_h X A_w^T} ({@code MatMul}), with the averaging
     * matrices built in the graph from the input's size so that any size works: row i of {@code A} (m x n) is
     * {@code 1 / (e_i - s_i)} on columns {@code s_i = floor(i n / m) <= j < e_i = ceil((i + 1) n / m)}, PyTorch's
     * {@code nn.AdaptiveAvgPool2d} bins.
     */
    static List<String> adaptiveAverage(Block block, List<String> inputs, GraphExport export) {
        Shape out = block.getOutputShapes(new Shape[] {new Shape(1, 1, 97, 89)})[0];
        String x = inputs.get(0);
        Shapes s = export.shapes();
        String rows = averaging(export, s.dims(x, 2, 3), out.get(2));
        String cols = averaging(export, s.dims(x, 3, 4), out.get(3));
        String colsT = export.graph().node("Transpose", List.of(cols), Attributes.ints("perm", 1, 0));
        return List.of(export.graph().node("MatMul", List.of(export.graph().node("MatMul", List.of(rows, x)), colsT)));
    }

    /** The m x n averaging matrix for an axis of length {@code n} (int64 [1]) pooled to {@code m}. */
    private static String averaging(GraphExport export, String n, long m) {
        Shapes s = export.shapes();
        OnnxGraph g = export.graph();
        long[] cells = new long[Math.toIntExact(m)];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = i;
        }
        String i = g.node("Unsqueeze", List.of(s.constant(cells), s.constant(1)));
        String columns = g.node("Range", List.of(scalar(g, s.constant(0)), scalar(g, n), scalar(g, s.constant(1))));
        String start = s.op("Div", s.op("Mul", i, n), s.constant(m));
        String next = s.op("Mul", s.op("Add", i, s.constant(1)), n);
        String end = s.op("Div", s.op("Add", next, s.constant(m - 1)), s.constant(m));
        String inside = g.node("And", List.of(g.node("GreaterOrEqual", List.of(columns, start)),
                g.node("Less", List.of(columns, end))));
        return g.node("Div", List.of(toFloat(g, inside), toFloat(g, s.op("Sub", end, start))));
    }

    private static String scalar(OnnxGraph g, String oneElement) {
        return g.node("Squeeze", List.of(oneElement));
    }

    private static String toFloat(OnnxGraph g, String x) {
        return g.node("Cast", List.of(x), Attributes.integer("to", TensorProto.DataType.FLOAT_VALUE));
    }
}

package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.seg4j.nn.layer.MaxPool2dIndices;
import org.seg4j.nn.model.SegNet;

/**
 * {@link SegNet} and SegNet-Basic (Badrinarayanan, Kendall &amp; Cipolla, TPAMI 2017): the encoder's poolings as
 * ONNX {@code MaxPool} with its {@code Indices} output, each decoder stage after {@code MaxUnpool}
 * (https://onnx.ai/onnx/operators/onnx__MaxUnpool.html) of those indices with {@code output_shape} the shape of the
 * map the pooling read (so odd sizes come back, as seg4j's ceil-mode poolings and unpoolings do).
 */
final class SegNetExporter implements BlockExporter {
    @Override
    public List<String> export(Block block, List<String> inputs, GraphExport export) {
        Map<String, Block> c = GraphExport.children(block);
        List<MaxPool2dIndices> pools = new ArrayList<>();
        List<String> indices = new ArrayList<>();
        List<String> pooled = new ArrayList<>();
        String x = inputs.get(0);
        for (Block layer : c.get("features").getChildren().values()) {
            if (layer instanceof MaxPool2dIndices pool) {
                pools.add(pool);
                pooled.add(x);
                List<String> out = export.export(pool, List.of(x));
                x = out.get(0);
                indices.add(out.get(1));
            } else {
                x = export.single(layer, x);
            }
        }
        int stage = pools.size();
        for (Block decoder : c.get("decoder").getChildren().values()) {
            stage--;
            x = export.single(decoder, unpool(export, x, indices.get(stage), pooled.get(stage), pools.get(stage)));
        }
        if (c.containsKey("classifier")) {
            x = export.single(c.get("classifier"), x);
        }
        return List.of(x);
    }

    /**
     * Max unpooling of {@code values} to the positions {@code indices} (ONNX MaxPool's, flat over {@code source}, the
     * map the pooling read), back to {@code source}'s size. ONNX Runtime's {@code MaxUnpool} refuses an
     * {@code output_shape} below the size it infers, {@code (h - 1) s + k - 2p}, which ceil-mode pooling of an odd
     * size exceeds by one, so the indices are re-flattened into that inferred size, {@code ((n C + c) H' + y) W' + x}
     * for the source position {@code (n, c, y, x)}, unpooled there and cropped to the source's size.
     */
    private static String unpool(GraphExport export, String values, String indices, String source,
            MaxPool2dIndices pool) {
        Shapes s = export.shapes();
        long[] k = pool.kernel().getShape();
        long[] st = pool.stride().getShape();
        long[] p = pool.padding().getShape();
        String height = s.dims(source, 2, 3);
        String width = s.dims(source, 3, 4);
        String outHeight = unpooledSize(s, s.dims(values, 2, 3), k[0], st[0], p[0]);
        String outWidth = unpooledSize(s, s.dims(values, 3, 4), k[1], st[1], p[1]);
        String plane = s.op("Mul", height, width);
        String within = s.op("Mod", indices, plane);
        String row = s.op("Add", s.op("Mul", s.op("Div", indices, plane), outHeight), s.op("Div", within, width));
        String flat = s.op("Add", s.op("Mul", row, outWidth), s.op("Mod", within, width));
        String unpooled = export.graph().node("MaxUnpool", List.of(values, flat),
                Attributes.ints("kernel_shape", k), Attributes.ints("strides", st),
                Attributes.pads(pool.padding()));
        return s.crop(unpooled, s.constant(0, 0), s.spatial(source));
    }

    /** MaxUnpool's own output size for {@code pooled} cells: {@code (pooled - 1) s + k - 2p}. */
    private static String unpooledSize(Shapes s, String pooled, long k, long stride, long p) {
        return s.op("Add", s.op("Mul", s.op("Sub", pooled, s.constant(1)), s.constant(stride)), s.constant(k - 2 * p));
    }
}

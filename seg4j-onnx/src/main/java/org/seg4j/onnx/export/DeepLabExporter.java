package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import java.util.List;
import java.util.Map;
import org.seg4j.nn.model.DeepLab;

/**
 * {@link DeepLab} v1/v2: backbone, score head ({@code classifier} or {@code aspp}), then bilinear up-sampling to the
 * input's size as ONNX {@code Resize} (https://onnx.ai/onnx/operators/onnx__Resize.html) with {@code mode = linear},
 * {@code coordinate_transformation_mode = align_corners} (source {@code x (in - 1) / (out - 1)}, DeepLab's Caffe
 * {@code Interp} and seg4j's {@code BilinearResize} with {@code alignCorners}) and {@code sizes} read from the input.
 */
final class DeepLabExporter implements BlockExporter {
    @Override
    public List<String> export(Block block, List<String> inputs, GraphExport export) {
        Map<String, Block> children = GraphExport.children(block);
        Block backbone = children.remove("backbone");
        Block head = children.values().iterator().next();
        String scores = export.export(head, export.export(backbone, inputs)).get(0);
        Shapes s = export.shapes();
        String sizes = export.graph().node("Concat", List.of(s.dims(scores, 0, 2), s.spatial(inputs.get(0))),
                Attributes.integer("axis", 0));
        return List.of(export.graph().node("Resize", List.of(scores, "", "", sizes),
                Attributes.string("mode", "linear"),
                Attributes.string("coordinate_transformation_mode", "align_corners")));
    }
}

package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.seg4j.nn.model.Backbone;
import org.seg4j.nn.model.Fcn;

/**
 * {@link Fcn} (Long, Shelhamer &amp; Darrell, CVPR 2015): VGG16 features, fc6/fc7 with ReLU (drop-out is the identity
 * at inference), score_fr, the 2x up-samplings ({@code ConvTranspose}) fused with the pool4/pool3 scores cropped at
 * Caffe's offsets ({@code Slice} with bounds computed from the smaller map, then {@code Add}), and the last
 * up-sampling cropped to the input's size at {@link Fcn#finalOffset}.
 */
final class FcnExporter implements BlockExporter {
    @Override
    public List<String> export(Block block, List<String> inputs, GraphExport export) {
        Fcn fcn = (Fcn) block;
        Map<String, Block> c = GraphExport.children(fcn);
        Backbone backbone = (Backbone) c.get("backbone");
        List<String> values = export.export(backbone, inputs);
        Map<String, String> features = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            features.put(backbone.features().get(i).name(), values.get(i));
        }
        String h = export.relu(export.single(c.get("fc6"), features.get("pool5")));
        h = export.relu(export.single(c.get("fc7"), h));
        h = export.single(c.get("score_fr"), h);
        if (c.containsKey("upscore2")) {
            h = fuse(export, export.single(c.get("upscore2"), h),
                    export.single(c.get("score_pool4"), features.get("pool4")), Fcn.POOL4_OFFSET);
        }
        if (c.containsKey("upscore_pool4")) {
            h = fuse(export, export.single(c.get("upscore_pool4"), h),
                    export.single(c.get("score_pool3"), features.get("pool3")), Fcn.POOL3_OFFSET);
        }
        Fcn.Variant variant = fcn.variant();
        String last = variant == Fcn.Variant.FCN32S ? "upscore" : "upscore" + variant.stride();
        h = export.single(c.get(last), h);
        Shapes s = export.shapes();
        long offset = Fcn.finalOffset(variant);
        return List.of(s.crop(h, s.constant(offset, offset), s.spatial(inputs.get(0))));
    }

    /** {@code crop(larger at (offset, offset) to up's size) + up}, Caffe's Crop then Eltwise SUM. */
    private static String fuse(GraphExport export, String up, String larger, long offset) {
        Shapes s = export.shapes();
        return export.graph().node("Add", List.of(s.crop(larger, s.constant(offset, offset), s.spatial(up)), up));
    }
}

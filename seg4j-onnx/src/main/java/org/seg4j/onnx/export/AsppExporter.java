package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import org.seg4j.nn.layer.Aspp;

/**
 * {@link Aspp} (Chen et al., DeepLab, TPAMI 2018, section 3.3): every branch on the same input, then ONNX {@code Add}
 * of the branch scores (v2's sum fusion) or {@code Concat} along channels and the 1x1 projection.
 */
final class AsppExporter implements BlockExporter {
    @Override
    public List<String> export(Block block, List<String> inputs, GraphExport export) {
        Aspp aspp = (Aspp) block;
        List<String> outs = new ArrayList<>();
        for (Block branch : aspp.branches()) {
            outs.add(export.single(branch, inputs.get(0)));
        }
        if (aspp.fusion() == Aspp.Fusion.SUM) {
            String sum = outs.get(0);
            for (int i = 1; i < outs.size(); i++) {
                sum = export.graph().node("Add", List.of(sum, outs.get(i)));
            }
            return List.of(sum);
        }
        String concat = export.graph().node("Concat", outs, Attributes.integer("axis", 1));
        return List.of(export.single(aspp.projection(), concat));
    }
}

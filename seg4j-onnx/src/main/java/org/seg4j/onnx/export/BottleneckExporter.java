package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import java.util.List;
import java.util.Map;
import org.seg4j.nn.model.Bottleneck;

/**
 * The ResNet {@link Bottleneck} (He et al., CVPR 2016): {@code Relu(bn3(conv3(Relu(bn2(conv2(Relu(bn1(conv1(x)))))))) +
 * identity)}, the identity being {@code downsample(x)} when the block has one; ONNX {@code Add} and {@code Relu}.
 */
final class BottleneckExporter implements BlockExporter {
    @Override
    public List<String> export(Block block, List<String> inputs, GraphExport export) {
        Map<String, Block> c = GraphExport.children(block);
        String x = inputs.get(0);
        String h = export.relu(export.single(c.get("bn1"), export.single(c.get("conv1"), x)));
        h = export.relu(export.single(c.get("bn2"), export.single(c.get("conv2"), h)));
        h = export.single(c.get("bn3"), export.single(c.get("conv3"), h));
        String identity = c.containsKey("downsample") ? export.single(c.get("downsample"), x) : x;
        return List.of(export.relu(export.graph().node("Add", List.of(h, identity))));
    }
}

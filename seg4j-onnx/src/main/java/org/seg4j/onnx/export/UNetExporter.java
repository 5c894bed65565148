package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import java.util.List;
import java.util.Map;
import org.seg4j.nn.layer.TransposedConv2d;
import org.seg4j.nn.model.UNet;
import org.seg4j.nn.model.UNetSizes;

/**
 * {@link UNet} (Ronneberger, Fischer &amp; Brox, MICCAI 2015) for any input size, as its forward: ONNX {@code Pad}
 * with {@code mode = reflect} by the amounts of {@link UNetSizes#padding} computed in the graph from the input's size,
 * the network of the paper's figure (levels, 2x2 {@code MaxPool}, up-sampling by {@code ConvTranspose} or by
 * {@code Resize} x2 with {@code pytorch_half_pixel} then a convolution, {@code Concat} of the centre-cropped encoder
 * map first), then {@code Slice} back to the input's size. ONNX's reflect padding takes paddings below the input's
 * size only, so a valid-padding U-Net needs inputs larger than its {@code 6 * 2^D - 4} pixels of border.
 */
final class UNetExporter implements BlockExporter {
    @Override
    public List<String> export(Block block, List<String> inputs, GraphExport export) {
        UNet unet = (UNet) block;
        Map<String, Block> c = GraphExport.children(unet);
        Shapes s = export.shapes();
        String input = inputs.get(0);
        String size = s.spatial(input);
        int depth = unet.depth();
        String x = reflectPad(export, input, size, depth, unet.padding() == UNet.Padding.VALID);
        String[] skips = new String[depth + 1];
        for (int i = 1; i <= depth; i++) {
            x = export.single(c.get("enc" + i), x);
            skips[i] = x;
            x = export.graph().node("MaxPool", List.of(x), Attributes.ints("kernel_shape", 2, 2),
                    Attributes.ints("strides", 2, 2));
        }
        x = export.single(c.get("center"), x);
        for (int i = depth; i >= 1; i--) {
            String up = upSample(export, c.get("up" + i), x);
            String skipSize = s.spatial(skips[i]);
            String upSize = s.spatial(up);
            String origin = s.op("Div", s.op("Sub", skipSize, upSize), s.constant(2, 2));
            String cat = export.graph().node("Concat", List.of(s.crop(skips[i], origin, upSize), up),
                    Attributes.integer("axis", 1));
            x = export.single(c.get("dec" + i), cat);
        }
        String logits = export.single(c.get("head"), x);
        return List.of(s.crop(logits, s.constant(0, 0), size));
    }

    /**
     * Reflection padding to an admitted size ({@link UNetSizes#padding}): same convolutions pad {@code -n mod 2^D}
     * after; valid ones pad {@code validLoss / 2} before and {@code P - n - validLoss / 2} after, with
     * {@code P = 2^D (b + 4) + 4 (2^D - 1)} and {@code b = max(1, floor((n + 4 (2^D - 1) + 2^D - 1) / 2^D))}.
     */
    private static String reflectPad(GraphExport export, String x, String size, int depth, boolean valid) {
        Shapes s = export.shapes();
        long k = 1L << depth;
        String before;
        String after;
        if (!valid) {
            String kk = s.constant(k, k);
            before = s.constant(0, 0);
            after = s.op("Mod", s.op("Sub", kk, s.op("Mod", size, kk)), kk);
        } else {
            long half = UNetSizes.validLoss(depth) / 2;
            long round = 4 * (k - 1) + k - 1;
            String bottom = s.op("Max", s.constant(1, 1),
                    s.op("Div", s.op("Add", size, s.constant(round, round)), s.constant(k, k)));
            String padded = s.op("Add", s.op("Mul", s.op("Add", bottom, s.constant(4, 4)), s.constant(k, k)),
                    s.constant(4 * (k - 1), 4 * (k - 1)));
            before = s.constant(half, half);
            after = s.op("Sub", s.op("Sub", padded, size), before);
        }
        String zeros = s.constant(0, 0);
        String pads = export.graph().node("Concat", List.of(zeros, before, zeros, after), Attributes.integer("axis", 0));
        return export.graph().node("Pad", List.of(x, pads), Attributes.string("mode", "reflect"));
    }

    /** {@code upK}: a transposed convolution, or (Resize x2 bilinear, convolution). */
    private static String upSample(GraphExport export, Block up, String x) {
        if (up instanceof TransposedConv2d) {
            return export.single(up, x);
        }
        String scales = export.graph().floats("scales", new long[] {4}, new float[] {1, 1, 2, 2});
        String resized = export.graph().node("Resize", List.of(x, "", scales), Attributes.string("mode", "linear"),
                Attributes.string("coordinate_transformation_mode", "pytorch_half_pixel"));
        return export.single(GraphExport.child(up, "1"), resized);
    }
}

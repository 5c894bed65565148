package org.seg4j.nn.infer;

/**
 * Bilinear resizing of float planes ({@code [c][y][x]}) with half-pixel centres, as PyTorch's
 * {@code F.interpolate(mode='bilinear', align_corners=False)}: source coordinate {@code (d + 0.5) * in / out - 0.5},
 * clamped to the image.
 */
final class FloatPlanes {
    private FloatPlanes() {
    }

    static float[] resizeBilinear(float[] src, int planes, int inH, int inW, int outH, int outW) {
        float[] out = new float[planes * outH * outW];
        int[] x0 = new int[outW];
        int[] x1 = new int[outW];
        float[] fx = new float[outW];
        for (int x = 0; x < outW; x++) {
            double u = Math.max(0, (x + 0.5) * inW / outW - 0.5);
            x0[x] = Math.min((int) u, inW - 1);
            x1[x] = Math.min(x0[x] + 1, inW - 1);
            fx[x] = (float) (u - x0[x]);
        }
        for (int y = 0; y < outH; y++) {
            double v = Math.max(0, (y + 0.5) * inH / outH - 0.5);
            int y0 = Math.min((int) v, inH - 1);
            int y1 = Math.min(y0 + 1, inH - 1);
            float fy = (float) (v - y0);
            for (int p = 0; p < planes; p++) {
                int r0 = (p * inH + y0) * inW;
                int r1 = (p * inH + y1) * inW;
                int o = (p * outH + y) * outW;
                for (int x = 0; x < outW; x++) {
                    float top = src[r0 + x0[x]] + fx[x] * (src[r0 + x1[x]] - src[r0 + x0[x]]);
                    float bottom = src[r1 + x0[x]] + fx[x] * (src[r1 + x1[x]] - src[r1 + x0[x]]);
                    out[o + x] = top + fy * (bottom - top);
                }
            }
        }
        return out;
    }
}

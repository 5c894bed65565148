package org.seg4j.testing;

import org.seg4j.image.LabelMap;

/**
 * The deterministic prediction rules of {@code tools/reference/metrics_reference.py}, reproduced exactly so that
 * Java's metrics on these predictions can be compared with the numpy figures in the committed fixtures.
 */
public final class ReferencePredictions {
    private ReferencePredictions() {
    }

    /** pred(x, y) = gt(x - 7, y - 3) with coordinates clamped to the image (the script's shift rule). */
    public static LabelMap shifted(LabelMap gt) {
        LabelMap out = new LabelMap(gt.width(), gt.height(), new byte[gt.width() * gt.height()]);
        for (int y = 0; y < gt.height(); y++) {
            for (int x = 0; x < gt.width(); x++) {
                out.set(x, y, gt.get(Math.max(x - 7, 0), Math.max(y - 3, 0)));
            }
        }
        return out;
    }

    /**
     * The script's degrade rule: pixel {@code i} of image {@code k} becomes {@code (gt + 1 + (i*7 + k) % 3) % 11}
     * when {@code (i*2654435761 + k) % 10007 < 1500} and it is not ignored (no overflow: i < 2^32).
     */
    public static LabelMap degraded(LabelMap gt, int k, int ignore) {
        byte[] in = gt.data();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            int g = in[i] & 0xFF;
            boolean hit = ((long) i * 2654435761L + k) % 10007 < 1500;
            out[i] = (byte) (hit && g != ignore ? (g + 1 + ((long) i * 7 + k) % 3) % 11 : g);
        }
        return new LabelMap(gt.width(), gt.height(), out);
    }
}

package org.seg4j.data.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.Sample;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;

/**
 * Smooth random elastic deformation, the U-Net paper's augmentation (Ronneberger, Fischer, Brox 2015, section 3.1):
 * displacement vectors drawn on a coarse {@code grid x grid} lattice from a Gaussian with {@code sigma} pixels standard
 * deviation, interpolated over the image (here bicubically, Catmull-Rom, as "bicubic interpolation" in the paper), and
 * the image resampled at {@code p + d(p)}: bilinearly for the image, nearest-neighbour for the labels (no label value
 * is invented). Points that fall outside the image take the nearest edge pixel. Boxes are mapped approximately, as the
 * bounding box of their outline moved by {@code -d}, and clipped to the image. Defaults: 3 x 3 grid, sigma 10 px.
 */
public final class ElasticDeformation implements Augmentation {
    private final int grid;
    private final double sigma;

    public ElasticDeformation() {
        this(3, 10);
    }

    public ElasticDeformation(int grid, double sigma) {
        if (grid < 2 || !(sigma >= 0)) {
            throw new IllegalArgumentException("elastic deformation needs grid >= 2 and sigma >= 0");
        }
        this.grid = grid;
        this.sigma = sigma;
    }

    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        int w = s.width();
        int h = s.height();
        double[][] gx = new double[grid][grid];
        double[][] gy = new double[grid][grid];
        for (int j = 0; j < grid; j++) {
            for (int i = 0; i < grid; i++) {
                gx[j][i] = rng.nextGaussian() * sigma;
                gy[j][i] = rng.nextGaussian() * sigma;
            }
        }
        float[] dx = field(gx, w, h);
        float[] dy = field(gy, w, h);
        byte[] in = s.image().data();
        byte[] out = new byte[in.length];
        byte[] lin = s.label() == null ? null : s.label().data();
        byte[] lout = lin == null ? null : new byte[lin.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                double sx = clamp(x + dx[p], w - 1);
                double sy = clamp(y + dy[p], h - 1);
                int x0 = (int) sx;
                int y0 = (int) sy;
                int x1 = Math.min(x0 + 1, w - 1);
                int y1 = Math.min(y0 + 1, h - 1);
                double fx = sx - x0;
                double fy = sy - y0;
                for (int c = 0; c < 3; c++) {
                    double top = (in[3 * (y0 * w + x0) + c] & 0xFF) * (1 - fx) + (in[3 * (y0 * w + x1) + c] & 0xFF) * fx;
                    double bottom = (in[3 * (y1 * w + x0) + c] & 0xFF) * (1 - fx) + (in[3 * (y1 * w + x1) + c] & 0xFF) * fx;
                    out[3 * p + c] = (byte) Math.round(top * (1 - fy) + bottom * fy);
                }
                if (lin != null) {
                    lout[p] = lin[(int) Math.round(sy) * w + (int) Math.round(sx)];
                }
            }
        }
        List<ObjectBox> boxes = new ArrayList<>();
        for (ObjectBox ob : s.boxes()) {
            Box moved = moveBox(ob.box(), dx, dy, w, h);
            if (moved != null) {
                boxes.add(new ObjectBox(moved, ob.classId(), ob.difficult()));
            }
        }
        return s.with(new RgbImage(w, h, out), lin == null ? null : new LabelMap(w, h, lout), boxes);
    }

    /** The displacement of every pixel, interpolated bicubically from the grid spanning the image corners. */
    private float[] field(double[][] g, int w, int h) {
        float[] out = new float[w * h];
        double[] rowValues = new double[grid];
        for (int y = 0; y < h; y++) {
            double v = h == 1 ? 0 : (double) y * (grid - 1) / (h - 1);
            for (int i = 0; i < grid; i++) {
                rowValues[i] = cubic(columnOf(g, i), v);
            }
            for (int x = 0; x < w; x++) {
                double u = w == 1 ? 0 : (double) x * (grid - 1) / (w - 1);
                out[y * w + x] = (float) cubic(rowValues, u);
            }
        }
        return out;
    }

    private static double[] columnOf(double[][] g, int i) {
        double[] col = new double[g.length];
        for (int j = 0; j < g.length; j++) {
            col[j] = g[j][i];
        }
        return col;
    }

    /** Catmull-Rom interpolation of samples at integer positions, clamped at the ends. */
    static double cubic(double[] samples, double t) {
        int n = samples.length;
        int i = Math.min((int) Math.floor(t), n - 2);
        double f = t - i;
        double p0 = samples[Math.max(i - 1, 0)];
        double p1 = samples[i];
        double p2 = samples[i + 1];
        double p3 = samples[Math.min(i + 2, n - 1)];
        return p1 + 0.5 * f * (p2 - p0 + f * (2 * p0 - 5 * p1 + 4 * p2 - p3 + f * (3 * (p1 - p2) + p3 - p0)));
    }

    private static Box moveBox(Box b, float[] dx, float[] dy, int w, int h) {
        double x1 = Double.MAX_VALUE;
        double y1 = Double.MAX_VALUE;
        double x2 = -Double.MAX_VALUE;
        double y2 = -Double.MAX_VALUE;
        for (int k = 0; k <= 16; k++) {
            double t = k / 16.0;
            double[][] outline = {{b.x1() + t * b.width(), b.y1()}, {b.x1() + t * b.width(), b.y2()},
                {b.x1(), b.y1() + t * b.height()}, {b.x2(), b.y1() + t * b.height()}};
            for (double[] pt : outline) {
                int px = (int) clamp(Math.round(pt[0]), w - 1);
                int py = (int) clamp(Math.round(pt[1]), h - 1);
                double mx = pt[0] - dx[py * w + px];
                double my = pt[1] - dy[py * w + px];
                x1 = Math.min(x1, mx);
                y1 = Math.min(y1, my);
                x2 = Math.max(x2, mx);
                y2 = Math.max(y2, my);
            }
        }
        x1 = Math.max(0, x1);
        y1 = Math.max(0, y1);
        x2 = Math.min(w, x2);
        y2 = Math.min(h, y2);
        return x2 - x1 >= 1 && y2 - y1 >= 1 ? new Box(x1, y1, x2, y2) : null;
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(v, max));
    }
}

package org.seg4j.data.coco;

import java.util.Arrays;

/**
 * Turns a COCO polygon into the pixel mask pycocotools makes of it ({@code rleFrPoly} in {@code maskApi.c}), so masks,
 * areas and IoUs agree with the COCO API pixel for pixel.
 *
 * <p>The algorithm: the vertices are scaled by 5 and rounded to integers; every edge is walked one step per unit
 * along its longer axis (each edge always from the same end, so shared edges rasterize alike); wherever the walk
 * crosses the vertical line through a pixel centre (x = c + 0.5 in continuous coordinates, pixel c spanning
 * [c, c+1]), the column toggles from the first row whose centre lies below the crossing. Sorting the toggles in
 * column-major order gives the run-length encoding directly. In effect a pixel is set when its centre is inside the
 * polygon (even-odd rule), with ties on the boundary decided by the 1/5-pixel grid; parts outside the image are
 * clipped.
 */
public final class PolygonRasterizer {
    private static final int SCALE = 5;

    private PolygonRasterizer() {
    }

    /**
     * The mask of one polygon.
     *
     * @param xy the vertices {@code x1, y1, x2, y2, ...} in pixels (COCO's {@code segmentation} list); at least one
     *     vertex. The polygon closes itself; fewer than three vertices give an empty mask
     */
    public static Rle rasterize(double[] xy, int height, int width) {
        if (xy.length < 2 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("a polygon needs an even number (at least 2) of coordinates, got "
                    + xy.length);
        }
        int k = xy.length / 2;
        int[] x = new int[k + 1];
        int[] y = new int[k + 1];
        for (int j = 0; j < k; j++) {
            x[j] = (int) (SCALE * xy[2 * j] + .5);
            y[j] = (int) (SCALE * xy[2 * j + 1] + .5);
        }
        x[k] = x[0];
        y[k] = y[0];
        long points = 0;
        for (int j = 0; j < k; j++) {
            points += Math.max(Math.abs(x[j] - x[j + 1]), Math.abs(y[j] - y[j + 1])) + 1;
        }
        if (points > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("polygon is too large to rasterize: " + points + " boundary points");
        }
        int[] u = new int[(int) points];
        int[] v = new int[(int) points];
        int m = walkBoundary(x, y, k, u, v);
        int[] toggles = new int[m + 1];
        int n = 0;
        for (int j = 1; j < m; j++) {
            if (u[j] == u[j - 1]) {
                continue;
            }
            double xd = (u[j] < u[j - 1] ? u[j] : u[j] - 1);
            xd = (xd + .5) / SCALE - .5;
            if (Math.floor(xd) != xd || xd < 0 || xd > width - 1) {
                continue;
            }
            double yd = Math.min(v[j], v[j - 1]);
            yd = (yd + .5) / SCALE - .5;
            yd = Math.ceil(Math.max(0, Math.min(height, yd)));
            toggles[n++] = (int) xd * height + (int) yd;
        }
        toggles[n++] = height * width;
        return new Rle(height, width, toCounts(toggles, n));
    }

    /**
     * Walks every edge in integer steps along its longer axis, writing the points to {@code u, v}. An edge is always
     * walked from its lower end (in x if it is wider than tall, else in y), then the points are stored in the edge's
     * own direction, so the rounding does not depend on the direction of travel.
     */
    private static int walkBoundary(int[] x, int[] y, int k, int[] u, int[] v) {
        int m = 0;
        for (int j = 0; j < k; j++) {
            int xs = x[j];
            int xe = x[j + 1];
            int ys = y[j];
            int ye = y[j + 1];
            int dx = Math.abs(xe - xs);
            int dy = Math.abs(ys - ye);
            boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
            if (flip) {
                int t = xs;
                xs = xe;
                xe = t;
                t = ys;
                ys = ye;
                ye = t;
            }
            if (dx >= dy) {
                double s = dx == 0 ? 0 : (double) (ye - ys) / dx;
                for (int d = 0; d <= dx; d++) {
                    int t = flip ? dx - d : d;
                    u[m] = t + xs;
                    v[m] = (int) (ys + s * t + .5);
                    m++;
                }
            } else {
                double s = (double) (xe - xs) / dy;
                for (int d = 0; d <= dy; d++) {
                    int t = flip ? dy - d : d;
                    v[m] = t + ys;
                    u[m] = (int) (xs + s * t + .5);
                    m++;
                }
            }
        }
        return m;
    }

    /**
     * Run lengths from column-major toggle positions (the last one is the pixel count): sorted, differenced, and a
     * position toggled twice cancelled by joining the runs on either side.
     */
    private static int[] toCounts(int[] toggles, int n) {
        Arrays.sort(toggles, 0, n);
        int[] diff = new int[n];
        int prev = 0;
        for (int j = 0; j < n; j++) {
            diff[j] = toggles[j] - prev;
            prev = toggles[j];
        }
        int[] counts = new int[n];
        int m = 0;
        int j = 0;
        counts[m++] = diff[j++];
        while (j < n) {
            if (diff[j] > 0) {
                counts[m++] = diff[j++];
            } else {
                j++;
                if (j < n) {
                    counts[m - 1] += diff[j++];
                }
            }
        }
        return Arrays.copyOf(counts, m);
    }
}

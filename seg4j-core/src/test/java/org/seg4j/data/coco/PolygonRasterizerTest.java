package org.seg4j.data.coco;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seg4j.image.LabelMap;

class PolygonRasterizerTest {
    private static LabelMap draw(double[] xy, int h, int w) {
        LabelMap map = LabelMap.filled(w, h, 0);
        PolygonRasterizer.rasterize(xy, h, w).paint(map, 1);
        return map;
    }

    /** Pixel (c, r) spans [c, c+1] x [r, r+1]: the rectangle [2, 6] x [1, 4] covers columns 2..5 and rows 1..3. */
    @Test
    void axisAlignedRectangleCoversThePixelsWhoseCentresItContains() {
        LabelMap map = draw(new double[] {2, 1, 6, 1, 6, 4, 2, 4}, 6, 8);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                assertThat(map.get(x, y)).as("(%d,%d)", x, y).isEqualTo(x >= 2 && x <= 5 && y >= 1 && y <= 3 ? 1 : 0);
            }
        }
    }

    /**
     * The square [10, 20]^2 on 100x100: 1010 zeros before (10, 10) in column-major order, ten columns of 10 ones
     * separated by 90 zeros, then 10000 - 1920 zeros. Its string, by hand from rleToString: 1010 -> "bo0", 10 -> ":",
     * 90 -> "j2", the next 17 counts equal the one two before (delta "0"), 8080 - 90 = 7990 -> "fi7".
     */
    @Test
    void squareGivesTheRunsAndStringPycocotoolsWouldStore() {
        Rle r = PolygonRasterizer.rasterize(new double[] {10, 10, 20, 10, 20, 20, 10, 20}, 100, 100);
        int[] expected = new int[21];
        expected[0] = 1010;
        for (int i = 1; i < 20; i++) {
            expected[i] = i % 2 == 1 ? 10 : 90;
        }
        expected[20] = 8080;
        assertThat(r.counts()).containsExactly(expected);
        assertThat(r.toCompressedString()).isEqualTo("bo0:j2" + "0".repeat(17) + "fi7");
    }

    /**
     * Triangle (0,0), (8,0), (0,8): centres (c+.5, r+.5) with c + r < 7 are inside. The hypotenuse passes through the
     * centres with c + r = 7; on the 5x grid it crosses column c's centre line (x = 5c + 2.5) between grid rows
     * 37 - 5c and 38 - 5c, and rleFrPoly turns the lower one into the first row outside: ceil((37 - 5c + .5) / 5 - .5)
     * = 7 - c. So the pixels are exactly {c + r <= 6}: 7 + 6 + ... + 1 = 28.
     */
    @Test
    void triangleExcludesCentresOnItsHypotenuse() {
        LabelMap map = draw(new double[] {0, 0, 8, 0, 0, 8}, 8, 8);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                assertThat(map.get(x, y)).as("(%d,%d)", x, y).isEqualTo(x + y <= 6 ? 1 : 0);
            }
        }
        assertThat(PolygonRasterizer.rasterize(new double[] {0, 0, 8, 0, 0, 8}, 8, 8).area()).isEqualTo(28);
    }

    @Test
    void vertexOrderAndStartingVertexDoNotMatter() {
        double[] tri = {1.3, 0.7, 9.6, 3.1, 4.2, 8.9};
        double[] reversed = {4.2, 8.9, 9.6, 3.1, 1.3, 0.7};
        double[] rotated = {9.6, 3.1, 4.2, 8.9, 1.3, 0.7};
        Rle r = PolygonRasterizer.rasterize(tri, 12, 12);
        assertThat(PolygonRasterizer.rasterize(reversed, 12, 12)).isEqualTo(r);
        assertThat(PolygonRasterizer.rasterize(rotated, 12, 12)).isEqualTo(r);
    }

    @Test
    void partsOutsideTheImageAreClipped() {
        LabelMap map = draw(new double[] {-5, -5, 3, -5, 3, 3, -5, 3}, 8, 8);
        assertThat(map.histogram()[1]).isEqualTo(9);
        assertThat(map.get(2, 2)).isEqualTo(1);
        assertThat(map.get(3, 0)).isZero();
        assertThat(PolygonRasterizer.rasterize(new double[] {20, 20, 30, 20, 30, 30}, 8, 8).area()).isZero();
    }

    @Test
    void degeneratePolygonsAreEmpty() {
        assertThat(PolygonRasterizer.rasterize(new double[] {3, 3}, 8, 8).area()).isZero();
        assertThat(PolygonRasterizer.rasterize(new double[] {1, 1, 6, 6}, 8, 8).area()).isZero();
    }

    /**
     * Naive reference: the even-odd point-in-polygon test at each pixel centre. The 1/5-pixel grid moves the boundary
     * by at most about 0.35 px (vertices rounded by up to 0.1 px in x and y, walked points by 0.1 px, the row choice
     * by 0.1 px), so every centre farther than that from all edges must agree. (At 0.2 px some do not.)
     */
    @Test
    void agreesWithPointInPolygonAwayFromTheBoundary() {
        Random rnd = new Random(42);
        int compared = 0;
        for (int t = 0; t < 50; t++) {
            int n = 3 + rnd.nextInt(10);
            double[] xy = new double[2 * n];
            for (int i = 0; i < xy.length; i++) {
                xy[i] = -5 + rnd.nextDouble() * 50; // some vertices outside the 40x30 image
            }
            LabelMap map = draw(xy, 30, 40);
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < 40; x++) {
                    double px = x + .5;
                    double py = y + .5;
                    if (distanceToBoundary(xy, px, py) > 0.35) {
                        compared++;
                        assertThat(map.get(x, y)).as("polygon %d pixel (%d,%d)", t, x, y)
                                .isEqualTo(insideEvenOdd(xy, px, py) ? 1 : 0);
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(30000);
    }

    private static boolean insideEvenOdd(double[] xy, double px, double py) {
        int n = xy.length / 2;
        boolean inside = false;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double xi = xy[2 * i];
            double yi = xy[2 * i + 1];
            double xj = xy[2 * j];
            double yj = xy[2 * j + 1];
            if ((yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi) {
                inside = !inside;
            }
        }
        return inside;
    }

    private static double distanceToBoundary(double[] xy, double px, double py) {
        int n = xy.length / 2;
        double best = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double ax = xy[2 * i];
            double ay = xy[2 * i + 1];
            double dx = xy[2 * j] - ax;
            double dy = xy[2 * j + 1] - ay;
            double len2 = dx * dx + dy * dy;
            double s = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
            best = Math.min(best, Math.hypot(px - ax - s * dx, py - ay - s * dy));
        }
        return best;
    }
}

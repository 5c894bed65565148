package org.seg4j.box;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.seg4j.image.LabelMap;

/**
 * Naive reference for {@link ConnectedComponents}: a raster scan that starts a breadth-first flood fill at every
 * unvisited pixel of the value, so components are numbered in raster order of their first pixel, as there.
 */
public final class FloodFill {
    /** A component's pixels as row-major indices. */
    public record Region(List<Integer> pixels, int minX, int minY, int maxX, int maxY) {
    }

    private FloodFill() {
    }

    public static List<Region> regions(LabelMap map, int value, boolean eight) {
        int w = map.width();
        int h = map.height();
        boolean[] seen = new boolean[w * h];
        List<Region> out = new ArrayList<>();
        for (int start = 0; start < w * h; start++) {
            if (seen[start] || map.get(start % w, start / w) != value) {
                continue;
            }
            List<Integer> pixels = new ArrayList<>();
            ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(start));
            seen[start] = true;
            int minX = w;
            int minY = h;
            int maxX = -1;
            int maxY = -1;
            while (!queue.isEmpty()) {
                int p = queue.poll();
                pixels.add(p);
                int x = p % w;
                int y = p / w;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        boolean edge = Math.abs(dx) + Math.abs(dy) == 1;
                        int nx = x + dx;
                        int ny = y + dy;
                        if ((edge || eight && dx != 0 && dy != 0) && nx >= 0 && ny >= 0 && nx < w && ny < h
                                && !seen[ny * w + nx] && map.get(nx, ny) == value) {
                            seen[ny * w + nx] = true;
                            queue.add(ny * w + nx);
                        }
                    }
                }
            }
            out.add(new Region(pixels, minX, minY, maxX, maxY));
        }
        return out;
    }
}

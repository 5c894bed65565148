package org.seg4j.data.coco;

import java.util.ArrayList;
import java.util.List;

/**
 * A segmentation given as polygons, each {@code [x1, y1, x2, y2, ...]} in pixels. An object split by occlusion has
 * several; its mask is their union, each rasterized by {@link PolygonRasterizer}.
 *
 * <p>One deliberate difference from pycocotools: its {@code frPyObjects} reads a segmentation whose first polygon has
 * exactly 4 numbers as boxes {@code [x, y, w, h]}; here it is a two-vertex polygon, which covers no pixel.
 */
public record CocoPolygons(List<double[]> polygons) implements CocoSegmentation {
    public CocoPolygons {
        polygons = List.copyOf(polygons);
    }

    @Override
    public Rle toRle(int height, int width) {
        List<Rle> masks = new ArrayList<>(polygons.size());
        for (double[] p : polygons) {
            masks.add(PolygonRasterizer.rasterize(p, height, width));
        }
        return masks.size() == 1 ? masks.get(0) : Rle.union(height, width, masks);
    }
}

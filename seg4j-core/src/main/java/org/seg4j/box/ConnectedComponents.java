package org.seg4j.box;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.seg4j.image.LabelMap;

/**
 * Connected components of the pixels holding one value of a label map, with their bounding boxes and areas, by the
 * classic two-pass labelling with union-find (Rosenfeld and Pfaltz, "Sequential Operations in Digital Picture
 * Processing", JACM 1966; Wu, Otoo, Suzuki, "Optimizing two-pass connected-component labeling algorithms", Pattern
 * Analysis and Applications 2009): the first raster pass gives each pixel the smallest label of its already visited
 * neighbours (west and north; with 8-connectivity also north-west and north-east) or a new one, recording which
 * labels meet; the second pass replaces every label by its set's representative.
 *
 * <p>Components are numbered 1, 2, ... in raster order of their first (top-most, then left-most) pixel. A component
 * covering pixel columns {@code minX..maxX} and rows {@code minY..maxY} has the continuous box
 * {@code (minX, minY, maxX + 1, maxY + 1)} (see {@link Box}).
 */
public final class ConnectedComponents {
    /** Which neighbours of a pixel are connected to it. */
    public enum Connectivity {
        /** The four edge neighbours. */
        FOUR,
        /** The four edge and four corner neighbours. */
        EIGHT
    }

    /**
     * One component.
     *
     * @param label its number in {@link Labelling#labels()}, from 1
     * @param area its pixel count
     * @param box the tight box around its pixels
     */
    public record Component(int label, int area, Box box) {
    }

    /**
     * A labelled map: per pixel (row-major) the component number, 0 for pixels of other values; and the components.
     */
    public record Labelling(int width, int height, int[] labels, List<Component> components) {
        public Labelling {
            components = List.copyOf(components);
        }
    }

    private ConnectedComponents() {
    }

    /** The components of the pixels equal to {@code value} and at least {@code minArea} pixels large. */
    public static List<Component> find(LabelMap map, int value, Connectivity connectivity, int minArea) {
        return label(map, value, connectivity).components().stream().filter(c -> c.area() >= minArea).toList();
    }

    /** Labels every component of the pixels equal to {@code value}. */
    public static Labelling label(LabelMap map, int value, Connectivity connectivity) {
        int w = map.width();
        int h = map.height();
        byte[] data = map.data();
        int[] labels = new int[w * h];
        UnionFind sets = new UnionFind();
        boolean eight = connectivity == Connectivity.EIGHT;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if ((data[i] & 0xFF) != value) {
                    continue;
                }
                int l = 0;
                l = join(sets, l, x > 0 ? labels[i - 1] : 0);
                l = join(sets, l, y > 0 ? labels[i - w] : 0);
                if (eight && y > 0) {
                    l = join(sets, l, x > 0 ? labels[i - w - 1] : 0);
                    l = join(sets, l, x < w - 1 ? labels[i - w + 1] : 0);
                }
                labels[i] = l != 0 ? l : sets.add();
            }
        }
        return resolve(w, h, labels, sets);
    }

    /** Merges the sets of a pixel's label so far and a neighbour's label; returns the label to keep. */
    private static int join(UnionFind sets, int current, int neighbour) {
        if (neighbour == 0) {
            return current;
        }
        if (current == 0) {
            return neighbour;
        }
        sets.union(current, neighbour);
        return Math.min(current, neighbour);
    }

    private static Labelling resolve(int w, int h, int[] labels, UnionFind sets) {
        int[] number = new int[sets.size() + 1];
        List<int[]> extents = new ArrayList<>(); // minX, minY, maxX, maxY, area
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (labels[i] == 0) {
                    continue;
                }
                int root = sets.find(labels[i]);
                if (number[root] == 0) {
                    extents.add(new int[] {x, y, x, y, 0});
                    number[root] = extents.size();
                }
                int n = number[root];
                labels[i] = n;
                int[] e = extents.get(n - 1);
                e[0] = Math.min(e[0], x);
                e[2] = Math.max(e[2], x);
                e[3] = y;
                e[4]++;
            }
        }
        List<Component> components = new ArrayList<>(extents.size());
        for (int n = 0; n < extents.size(); n++) {
            int[] e = extents.get(n);
            components.add(new Component(n + 1, e[4], new Box(e[0], e[1], e[2] + 1, e[3] + 1)));
        }
        return new Labelling(w, h, labels, components);
    }

    /** Disjoint sets of labels 1..n with path halving and union by smaller root. */
    private static final class UnionFind {
        private int[] parent = new int[64];
        private int size;

        int add() {
            size++;
            if (size == parent.length) {
                parent = Arrays.copyOf(parent, parent.length * 2);
            }
            parent[size] = size;
            return size;
        }

        int size() {
            return size;
        }

        int find(int a) {
            while (parent[a] != a) {
                parent[a] = parent[parent[a]];
                a = parent[a];
            }
            return a;
        }

        void union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra < rb) {
                parent[rb] = ra;
            } else if (rb < ra) {
                parent[ra] = rb;
            }
        }
    }
}

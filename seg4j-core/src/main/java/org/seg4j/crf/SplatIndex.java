package org.seg4j.crf;

/**
 * The transpose of a lattice's point-to-vertex map, which turns the splat into a gather: vertex {@code v} (1-based)
 * receives the contributions {@code [start[v-1], start[v])}, from points {@code point[s]} with barycentric weights
 * {@code weight[s]}, in increasing point order. Built by a counting sort split between threads: each chunk of points
 * counts its contributions per vertex, the counts are turned into each chunk's first slot per vertex (chunk after
 * chunk, so the order is the one a single pass gives), and each chunk places its contributions.
 */
final class SplatIndex {
    final int[] start;
    final int[] point;
    final float[] weight;

    private SplatIndex(int[] start, int[] point, float[] weight) {
        this.start = start;
        this.point = point;
        this.weight = weight;
    }

    /** The index of {@code points} points with {@code d + 1} vertex ids (1-based) and weights each. */
    static SplatIndex build(int[] offset, float[] barycentric, int points, int d, int vertices, WorkerPool pool) {
        int d1 = d + 1;
        int chunks = pool.threads();
        int[][] next = new int[chunks][];
        int[] chunkFrom = new int[chunks];
        int[] chunkTo = new int[chunks];
        pool.forRange(points, (worker, from, to) -> {
            int[] count = new int[vertices];
            for (int e = from * d1; e < to * d1; e++) {
                count[offset[e] - 1]++;
            }
            next[worker] = count;
            chunkFrom[worker] = from;
            chunkTo[worker] = to;
        });
        int[] start = new int[vertices + 1];
        int slot = 0;
        for (int v = 0; v < vertices; v++) {
            for (int[] count : next) {
                if (count != null) {
                    int c = count[v];
                    count[v] = slot;
                    slot += c;
                }
            }
            start[v + 1] = slot;
        }
        int[] point = new int[offset.length];
        float[] weight = new float[offset.length];
        pool.forRange(chunks, (worker, from, to) -> {
            for (int c = from; c < to; c++) {
                int[] slots = next[c];
                if (slots == null) {
                    continue;
                }
                for (int i = chunkFrom[c], e = i * d1; i < chunkTo[c]; i++) {
                    for (int r = 0; r <= d; r++, e++) {
                        int s = slots[offset[e] - 1]++;
                        point[s] = i;
                        weight[s] = barycentric[e];
                    }
                }
            }
        });
        return new SplatIndex(start, point, weight);
    }
}

package org.seg4j.crf;

/**
 * Builds a {@link PermutohedralLattice} on a {@link WorkerPool}: each worker locates the simplices of one chunk of
 * the points ({@link EnclosingSimplex}) and numbers their vertices in a hash table of its own; the tables are then
 * merged in chunk order into the first one, which gives every vertex the id a single pass over all points would
 * (order of first occurrence), and each worker renumbers its chunk. The blur neighbours of every vertex are looked
 * up in parallel in the merged table, and the {@link SplatIndex} is built in parallel too. The result does not
 * depend on the number of threads.
 *
 * <p>The {@code d+1} vertices of a simplex differ from the remainder-0 point by a step per vertex (see
 * {@link EnclosingSimplex}), and so do the blur neighbours of a vertex; since {@link LatticeHash}'s hash is linear in
 * the key, each vertex's hash follows from the previous one in constant time.
 */
final class LatticeBuilder {
    private final float[] features;
    private final int d;
    private final int[] offset;
    private final float[] barycentric;
    private final LatticeHash[] chunkHash;
    private final int[] chunkFrom;
    private final int[] chunkTo;
    private final int[][] renumber;

    private LatticeBuilder(float[] features, int points, int d, int chunks) {
        this.features = features;
        this.d = d;
        this.offset = new int[points * (d + 1)];
        this.barycentric = new float[points * (d + 1)];
        this.chunkHash = new LatticeHash[chunks];
        this.chunkFrom = new int[chunks];
        this.chunkTo = new int[chunks];
        this.renumber = new int[chunks][];
    }

    /** See {@link PermutohedralLattice#build(float[], int, int)}; the work is split between the pool's threads. */
    static PermutohedralLattice build(float[] features, int points, int d, WorkerPool pool) {
        if (d < 1) {
            throw new IllegalArgumentException("feature dimension must be at least 1, got " + d);
        }
        if (points < 1 || features.length != (long) points * d) {
            throw new IllegalArgumentException("expected " + points + " x " + d + " features, got " + features.length);
        }
        int chunks = pool.threads();
        LatticeBuilder b = new LatticeBuilder(features, points, d, chunks);
        pool.forRange(points, b::insertPoints);
        LatticeHash hash = b.merge();
        pool.forRange(chunks, b::renumberChunks);
        int m = hash.size();
        int[] lower = new int[(d + 1) * m];
        int[] upper = new int[(d + 1) * m];
        pool.forGrains(m, WorkerPool.grainSize(m, 1),
                (worker, from, to) -> neighbours(hash, d, lower, upper, from, to));
        SplatIndex splat = SplatIndex.build(b.offset, b.barycentric, points, d, m, pool);
        return new PermutohedralLattice(points, d, m, b.offset, b.barycentric, lower, upper, splat);
    }

    /** Locates points {@code [from, to)} and numbers their vertices (1-based) in the worker's own table. */
    private void insertPoints(int worker, int from, int to) {
        int d1 = d + 1;
        EnclosingSimplex simplex = new EnclosingSimplex(d);
        LatticeHash hash = new LatticeHash(d, Math.min(to - from, 1024));
        int[] key = new int[d];
        int[] step = new int[d1];
        int total = 0;
        for (int k = 0; k < d; k++) {
            step[k] = -d1 * hash.multiplier(k);
            total += hash.multiplier(k);
        }
        int[] previous = new int[2 * d1];
        for (int i = from; i < to; i++) {
            simplex.locate(features, i * d);
            int e = i * d1;
            if (i > from && sameSimplex(simplex, previous)) {
                // Neighbouring points often share a simplex: same vertices, only the weights differ.
                System.arraycopy(offset, e - d1, offset, e, d1);
                System.arraycopy(simplex.barycentric, 0, barycentric, e, d1);
                continue;
            }
            System.arraycopy(simplex.remainderZero, 0, previous, 0, d1);
            System.arraycopy(simplex.rank, 0, previous, d1, d1);
            System.arraycopy(simplex.remainderZero, 0, key, 0, d);
            int h = hash.hash(key, 0);
            offset[e] = hash.insert(key, 0, h) + 1;
            barycentric[e] = simplex.barycentric[0];
            for (int r = 1; r <= d; r++) {
                // Vertex r: every coordinate + 1, the one of rank d + 1 - r also - (d + 1).
                int moved = simplex.byRank[d1 - r];
                for (int k = 0; k < d; k++) {
                    key[k]++;
                }
                if (moved < d) {
                    key[moved] -= d1;
                }
                h += total + step[moved];
                offset[e + r] = hash.insert(key, 0, h) + 1;
                barycentric[e + r] = simplex.barycentric[r];
            }
        }
        chunkHash[worker] = hash;
        chunkFrom[worker] = from;
        chunkTo[worker] = to;
    }

    /** Whether {@code simplex} has the remainder-0 point and ranks stored in {@code previous}. */
    private static boolean sameSimplex(EnclosingSimplex simplex, int[] previous) {
        int d1 = simplex.rank.length;
        for (int k = 0; k < d1; k++) {
            if (simplex.remainderZero[k] != previous[k] || simplex.rank[k] != previous[d1 + k]) {
                return false;
            }
        }
        return true;
    }

    /** Merges every chunk's table into the first non-empty one (in chunk order); returns it. */
    private LatticeHash merge() {
        LatticeHash global = null;
        for (int c = 0; c < chunkHash.length; c++) {
            LatticeHash local = chunkHash[c];
            if (local == null) {
                continue;
            }
            if (global == null) {
                global = local;
                continue;
            }
            int[] ids = new int[local.size()];
            int[] keys = local.keys();
            for (int id = 0; id < ids.length; id++) {
                ids[id] = global.insert(keys, id * d, local.hashOf(id));
            }
            renumber[c] = ids;
        }
        return global;
    }

    /** Replaces chunk-local vertex ids by merged ones for chunks {@code [from, to)}. */
    private void renumberChunks(int worker, int from, int to) {
        int d1 = d + 1;
        for (int c = from; c < to; c++) {
            int[] ids = renumber[c];
            if (ids == null) {
                continue;
            }
            int end = chunkTo[c] * d1;
            for (int e = chunkFrom[c] * d1; e < end; e++) {
                offset[e] = ids[offset[e] - 1] + 1;
            }
        }
    }

    /**
     * For vertices {@code [from, to)}, their neighbours along each axis {@code j}: the key minus 1 on every
     * coordinate but plus {@code d} on coordinate {@code j} (lower), and its opposite (upper); for {@code j = d}
     * every coordinate moves by 1. Stored 1-based at {@code [j * m + v]}, 0 where the neighbour is absent.
     */
    private static void neighbours(LatticeHash hash, int d, int[] lower, int[] upper, int from, int to) {
        int m = hash.size();
        int[] keys = hash.keys();
        int[] n1 = new int[d];
        int[] n2 = new int[d];
        int total = 0;
        for (int k = 0; k < d; k++) {
            total += hash.multiplier(k);
        }
        for (int v = from; v < to; v++) {
            int base = v * d;
            int h = hash.hashOf(v);
            for (int j = 0; j <= d; j++) {
                for (int k = 0; k < d; k++) {
                    n1[k] = keys[base + k] - 1;
                    n2[k] = keys[base + k] + 1;
                }
                int h1 = h - total;
                int h2 = h + total;
                if (j < d) {
                    n1[j] = keys[base + j] + d;
                    n2[j] = keys[base + j] - d;
                    h1 += (d + 1) * hash.multiplier(j);
                    h2 -= (d + 1) * hash.multiplier(j);
                }
                lower[j * m + v] = hash.find(n1, 0, h1) + 1;
                upper[j * m + v] = hash.find(n2, 0, h2) + 1;
            }
        }
    }
}

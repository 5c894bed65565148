package org.seg4j.crf;

import java.util.Arrays;

/**
 * Open-addressing hash table from integer lattice keys (the first {@code d} of the {@code d+1} coordinates of a
 * permutohedral lattice point; the last one is minus their sum) to dense ids 0, 1, 2, ... in insertion order, with
 * linear probing and doubling, as the hash table of Adams et al. (2010) and densecrf.
 *
 * <p>The hash is linear in the key, {@code h = sum_k key[k] * multiplier(k)} (mod 2^32), so the caller updates it in
 * constant time when it moves to a neighbouring lattice point: adding {@code c} to coordinate {@code k} adds
 * {@code c * multiplier(k)}. The slot is the top bits of {@code h} times the golden-ratio constant (Fibonacci
 * hashing). Each id keeps its {@code h}, which is compared before the key.
 */
final class LatticeHash {
    private static final int GOLDEN = 0x9E3779B9;

    private final int d;
    private final int[] multipliers;
    private int[] keys;
    private int[] hashes;
    private int[] table;
    private int shift;
    private int size;

    LatticeHash(int d, int expected) {
        this.d = d;
        multipliers = new int[d];
        for (int k = 0; k < d; k++) {
            multipliers[k] = mix(k);
        }
        int capacity = Integer.highestOneBit(Math.max(16, 2 * expected) - 1) << 1;
        allocate(capacity);
        keys = new int[capacity / 2 * d];
        hashes = new int[capacity / 2];
    }

    /** The odd constant coordinate {@code k} of a key is multiplied by in the hash ({@code 0 <= k < d}). */
    int multiplier(int k) {
        return multipliers[k];
    }

    /**
     * SplitMix64's output for {@code k} (Steele, Lea and Flood 2014), made odd: pseudo-random multipliers, so that
     * no small integer combination of them vanishes.
     */
    private static int mix(int k) {
        long z = 0x9E3779B97F4A7C15L * (k + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) (z ^ (z >>> 31)) | 1;
    }

    /** The hash of {@code key[off .. off + d)}. */
    int hash(int[] key, int off) {
        int h = 0;
        for (int k = 0; k < d; k++) {
            h += key[off + k] * multipliers[k];
        }
        return h;
    }

    int size() {
        return size;
    }

    /** The stored keys: the key of id {@code i} is the {@code d} values from index {@code i * d}. */
    int[] keys() {
        return keys;
    }

    /** The hash of the key of id {@code i}. */
    int hashOf(int id) {
        return hashes[id];
    }

    /** The id of {@code key[off .. off + d)}, whose hash is {@code h}, inserting it if absent. */
    int insert(int[] key, int off, int h) {
        if (2 * (size + 1) > table.length) {
            grow();
        }
        int slot = h * GOLDEN >>> shift;
        int mask = table.length - 1;
        while (true) {
            int id = table[slot];
            if (id < 0) {
                System.arraycopy(key, off, keys, size * d, d);
                hashes[size] = h;
                table[slot] = size;
                return size++;
            }
            if (hashes[id] == h && sameKey(id, key, off)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The id of {@code key[off .. off + d)}, whose hash is {@code h}, or -1. */
    int find(int[] key, int off, int h) {
        int slot = h * GOLDEN >>> shift;
        int mask = table.length - 1;
        while (true) {
            int id = table[slot];
            if (id < 0 || hashes[id] == h && sameKey(id, key, off)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean sameKey(int id, int[] key, int off) {
        int base = id * d;
        for (int k = 0; k < d; k++) {
            if (keys[base + k] != key[off + k]) {
                return false;
            }
        }
        return true;
    }

    private void allocate(int capacity) {
        table = new int[capacity];
        Arrays.fill(table, -1);
        shift = Integer.numberOfLeadingZeros(capacity) + 1;
    }

    private void grow() {
        int capacity = table.length * 2;
        allocate(capacity);
        keys = Arrays.copyOf(keys, capacity / 2 * d);
        hashes = Arrays.copyOf(hashes, capacity / 2);
        int mask = capacity - 1;
        for (int id = 0; id < size; id++) {
            int slot = hashes[id] * GOLDEN >>> shift;
            while (table[slot] >= 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = id;
        }
    }
}

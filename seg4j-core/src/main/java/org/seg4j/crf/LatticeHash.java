package org.seg4j.crf;

import java.util.Arrays;

/**
 * Open-addressing hash table from integer lattice keys (the first {@code d} of the {@code d+1} coordinates of a
 * permutohedral lattice point; the last one is minus their sum) to dense ids 0, 1, 2, ... in insertion order, with
 * linear probing and doubling, as the hash table of Adams et al. (2010) and densecrf.
 */
final class LatticeHash {
    private final int d;
    private int[] keys;
    private int[] table;
    private int mask;
    private int size;

    LatticeHash(int d, int expected) {
        this.d = d;
        int capacity = Integer.highestOneBit(Math.max(16, 2 * expected) - 1) << 1;
        table = new int[capacity];
        Arrays.fill(table, -1);
        mask = capacity - 1;
        keys = new int[(capacity / 2 + 1) * d];
    }

    int size() {
        return size;
    }

    /** The stored keys: the key of id {@code i} is the {@code d} values from index {@code i * d}. */
    int[] keys() {
        return keys;
    }

    /** The id of {@code key[0..d)}, inserting it if absent. */
    int insert(int[] key) {
        if (2 * (size + 1) > table.length) {
            grow();
        }
        int slot = hash(key, 0) & mask;
        while (true) {
            int id = table[slot];
            if (id < 0) {
                System.arraycopy(key, 0, keys, size * d, d);
                table[slot] = size;
                return size++;
            }
            if (sameKey(id, key)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The id of {@code key[0..d)}, or -1. */
    int find(int[] key) {
        int slot = hash(key, 0) & mask;
        while (true) {
            int id = table[slot];
            if (id < 0 || sameKey(id, key)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean sameKey(int id, int[] key) {
        int base = id * d;
        for (int i = 0; i < d; i++) {
            if (keys[base + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    private int hash(int[] k, int off) {
        int h = 0;
        for (int i = 0; i < d; i++) {
            h = (h + k[off + i]) * 1664525;
        }
        return h ^ (h >>> 15);
    }

    private void grow() {
        int capacity = table.length * 2;
        table = new int[capacity];
        Arrays.fill(table, -1);
        mask = capacity - 1;
        keys = Arrays.copyOf(keys, (capacity / 2 + 1) * d);
        for (int id = 0; id < size; id++) {
            int slot = hash(keys, id * d) & mask;
            while (table[slot] >= 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = id;
        }
    }
}

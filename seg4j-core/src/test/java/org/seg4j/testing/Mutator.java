package org.seg4j.testing;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Mutates a real file the way a damaged disk, a cut download or a hostile author would: bit flips, truncation, byte
 * insertion, duplication of a span (a chunk, a JSON object, a list line), and boundary values written over 1, 2, 4
 * or 8 bytes (lengths, sizes, offsets). Deterministic: the same seed file and random seed give the same bytes, so a
 * failure reported as its {@link Mutation} (seed index, random seed, count) reproduces exactly. PNG inputs may have
 * their chunk CRCs recomputed afterwards ({@link #repairPngCrcs}), so that the mutations reach the decoder behind the
 * CRC check.
 */
public final class Mutator {
    private static final long[] BOUNDARIES = {0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFFL,
        0x8000_0000L, 0xFFFF_FFFFL, Long.MAX_VALUE, Long.MIN_VALUE};

    private Mutator() {
    }

    /** {@code count} mutations of {@code seed}, chosen and placed by {@code random}. */
    public static byte[] mutate(byte[] seed, long random, int count) {
        Random r = new Random(random);
        byte[] b = seed.clone();
        for (int i = 0; i < count; i++) {
            b = switch (r.nextInt(5)) {
                case 0 -> flipBits(b, r);
                case 1 -> truncate(b, r);
                case 2 -> insert(b, r);
                case 3 -> duplicateSpan(b, r);
                default -> overwriteBoundary(b, r);
            };
        }
        return b;
    }

    private static byte[] flipBits(byte[] b, Random r) {
        if (b.length == 0) {
            return b;
        }
        int flips = 1 + r.nextInt(8);
        for (int i = 0; i < flips; i++) {
            b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
    }

    private static byte[] truncate(byte[] b, Random r) {
        return Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
    }

    private static byte[] insert(byte[] b, Random r) {
        byte[] bytes = new byte[1 + r.nextInt(16)];
        r.nextBytes(bytes);
        return splice(b, r.nextInt(b.length + 1), bytes);
    }

    /** Copies a span of up to 4 KiB and inserts the copy elsewhere. */
    private static byte[] duplicateSpan(byte[] b, Random r) {
        if (b.length == 0) {
            return b;
        }
        int start = r.nextInt(b.length);
        int length = 1 + r.nextInt(Math.min(4096, b.length - start));
        return splice(b, r.nextInt(b.length + 1), Arrays.copyOfRange(b, start, start + length));
    }

    private static byte[] overwriteBoundary(byte[] b, Random r) {
        int width = 1 << r.nextInt(4);
        if (b.length < width) {
            return b;
        }
        ByteBuffer value = ByteBuffer.allocate(8).putLong(BOUNDARIES[r.nextInt(BOUNDARIES.length)]);
        int at = r.nextInt(b.length - width + 1);
        boolean littleEndian = r.nextBoolean();
        for (int i = 0; i < width; i++) {
            b[at + i] = value.get(littleEndian ? 7 - i : 8 - width + i);
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, byte[] bytes) {
        byte[] out = new byte[b.length + bytes.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(bytes, 0, out, at, bytes.length);
        System.arraycopy(b, at, out, at + bytes.length, b.length - at);
        return out;
    }

    /**
     * Recomputes the CRC of every chunk whose length still fits the file (PNG specification, section 5.3), walking
     * from the signature until the structure breaks; returns a repaired copy.
     */
    public static byte[] repairPngCrcs(byte[] png) {
        byte[] b = png.clone();
        int at = 8;
        CRC32 crc = new CRC32();
        while (at + 12 <= b.length) {
            long length = Integer.toUnsignedLong(ByteBuffer.wrap(b, at, 4).getInt());
            if (length > b.length - at - 12) {
                break;
            }
            crc.reset();
            crc.update(b, at + 4, 4 + (int) length);
            ByteBuffer.wrap(b, at + 8 + (int) length, 4).putInt((int) crc.getValue());
            at += 12 + (int) length;
        }
        return b;
    }
}

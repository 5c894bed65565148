package org.seg4j.nn.io;

/**
 * Conversions between float32 and the 16-bit floats of weight files: IEEE 754 binary16 ("F16": 1 sign, 5 exponent,
 * 10 fraction bits, bias 15, subnormals below 2^-14) and bfloat16 ("BF16": the upper 16 bits of a float32).
 * float32 to binary16 rounds to nearest, ties to even, as IEEE 754 and numpy's {@code astype(float16)} do; values
 * beyond the largest half (65504) round to infinity.
 */
public final class HalfFloat {
    private HalfFloat() {
    }

    /** The binary16 value with bits {@code h} (low 16 bits used) as a float; exact. */
    public static float halfToFloat(int h) {
        int sign = (h & 0x8000) << 16;
        int exp = h >>> 10 & 0x1F;
        int frac = h & 0x3FF;
        if (exp == 0) {
            float v = frac * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | frac << 13);
        }
        return Float.intBitsToFloat(sign | exp + 112 << 23 | frac << 13);
    }

    /** The bits of the binary16 nearest to {@code f} (ties to even); NaN stays NaN. */
    public static short floatToHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = bits >>> 16 & 0x8000;
        int exp = bits >>> 23 & 0xFF;
        int frac = bits & 0x7FFFFF;
        if (exp == 0xFF) {
            return (short) (sign | 0x7C00 | (frac != 0 ? 0x200 | frac >>> 13 : 0));
        }
        int e = exp - 112; // exponent rebased from bias 127 to bias 15
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            // subnormal half: value = m * 2^-24 with m = (1.frac * 2^23) >> (14 - e); below 2^-25 everything is 0
            if (e < -10) {
                return (short) sign;
            }
            int full = frac | 0x800000;
            int shift = 14 - e;
            return (short) (sign | roundShift(full, shift));
        }
        // normal: a carry out of the fraction increments the exponent, and out of the top exponent gives infinity
        return (short) (sign | (e << 10 | frac >>> 13) + roundUp(frac, 13));
    }

    /** The float32 with the bfloat16 bits {@code b} (low 16 bits used); exact. */
    public static float bf16ToFloat(int b) {
        return Float.intBitsToFloat((b & 0xFFFF) << 16);
    }

    private static int roundShift(int value, int shift) {
        return (value >>> shift) + roundUp(value, shift);
    }

    /** 1 when dropping the low {@code shift} bits of {@code value} must round up (nearest, ties to even). */
    private static int roundUp(int value, int shift) {
        int rem = value & (1 << shift) - 1;
        int halfway = 1 << shift - 1;
        int kept = value >>> shift;
        return rem > halfway || rem == halfway && (kept & 1) != 0 ? 1 : 0;
    }
}

package org.seg4j.nn.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HalfFloatTest {
    /** Every non-negative finite half and +infinity (bits 0..0x7C00), as doubles; ordered like their bits. */
    private static final double[] HALVES = new double[0x7C01];

    static {
        for (int h = 0; h < 0x7C01; h++) {
            int exp = h >> 10;
            int frac = h & 0x3FF;
            // binary16 by its definition; +inf placed at 65536, the next value of the exponent sequence, so that
            // rounding to the nearest of these gives IEEE's overflow rule (65520 and up -> infinity)
            HALVES[h] = exp == 0 ? frac * Math.pow(2, -24) : (1 + frac / 1024.0) * Math.pow(2, exp - 15);
        }
    }

    /** Naive round to nearest, ties to even, by searching the table of all halves. */
    private static int referenceHalf(float f) {
        double a = Math.abs((double) f);
        int sign = Float.floatToRawIntBits(f) < 0 ? 0x8000 : 0;
        if (a >= HALVES[0x7C00]) {
            return sign | 0x7C00;
        }
        int i = Arrays.binarySearch(HALVES, a);
        if (i >= 0) {
            return sign | i;
        }
        int above = -i - 1;
        int below = above - 1;
        double dBelow = a - HALVES[below];
        double dAbove = HALVES[above] - a;
        int pick = dBelow < dAbove ? below : dAbove < dBelow ? above : (below % 2 == 0 ? below : above);
        return sign | pick;
    }

    @Test
    void halfToFloatMatchesTheDefinitionForEveryHalf() {
        for (int h = 0; h < 0x7C00; h++) {
            assertThat((double) HalfFloat.halfToFloat(h)).as("bits %04x", h).isEqualTo(HALVES[h]);
            assertThat((double) HalfFloat.halfToFloat(h | 0x8000)).as("bits %04x", h | 0x8000).isEqualTo(-HALVES[h]);
        }
        assertThat(HalfFloat.halfToFloat(0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(HalfFloat.halfToFloat(0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(HalfFloat.halfToFloat(0x7E00)).isNaN();
        assertThat(Float.floatToRawIntBits(HalfFloat.halfToFloat(0x8000))).isEqualTo(0x80000000);
    }

    @Test
    void floatToHalfRoundsToNearestEvenLikeTheNaiveSearch() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            // random bit patterns with exponents around the half range, plus exact midpoints between halves
            float f = Float.intBitsToFloat(rnd.nextInt(0x30000000, 0x48000000) | (rnd.nextBoolean() ? 0x80000000 : 0));
            assertThat(HalfFloat.floatToHalf(f) & 0xFFFF).as("%s", f).isEqualTo(referenceHalf(f));
        }
        for (int h = 0; h < 0x7C00; h++) {
            float mid = (float) ((HALVES[h] + HALVES[h + 1]) / 2); // exact in float: needs at most 12 bits
            assertThat(HalfFloat.floatToHalf(mid) & 0xFFFF).as("midpoint above %04x", h).isEqualTo(referenceHalf(mid));
            assertThat(HalfFloat.floatToHalf(HalfFloat.halfToFloat(h)) & 0xFFFF).isEqualTo(h);
        }
        assertThat(HalfFloat.floatToHalf(1e-9f)).isEqualTo((short) 0);
        assertThat(HalfFloat.floatToHalf(70000f)).isEqualTo((short) 0x7C00);
        assertThat(HalfFloat.halfToFloat(HalfFloat.floatToHalf(Float.NaN))).isNaN();
    }

    @Test
    void bfloat16IsTheUpperHalfOfFloat32() {
        assertThat(HalfFloat.bf16ToFloat(0x3F80)).isEqualTo(1f);
        assertThat(HalfFloat.bf16ToFloat(0xC049)).isEqualTo(-3.140625f);
    }
}

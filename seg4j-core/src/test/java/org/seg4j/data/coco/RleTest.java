package org.seg4j.data.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seg4j.image.LabelMap;

class RleTest {
    /** cocoapi issue #135: {@code mask.encode(np.asfortranarray(np.zeros([5, 10])).astype(np.uint8))} printed b'b1'. */
    @Test
    void allZeroMaskEncodesAsPublishedByPycocotools() {
        Rle empty = new Rle(5, 10, new int[] {50});
        assertThat(empty.toCompressedString()).isEqualTo("b1");
        assertThat(Rle.fromString("b1", 5, 10)).isEqualTo(empty);
    }

    /**
     * Derived by hand from rleToString: 100 = 3*32 + 4 -> '0'+(4|0x20) = 'T', then '3'; 16 has the sign bit 0x10
     * set, so it needs a second (zero) character: '`' '0'; 50 = 32 + 18 -> 'b' '1'; the fourth count is stored as
     * 34 - 16 = 18 -> 'b' '0'.
     */
    @Test
    void multiCharacterCountsAndDeltasFromTheFourthCount() {
        Rle r = new Rle(10, 20, new int[] {100, 16, 50, 34});
        assertThat(r.toCompressedString()).isEqualTo("T3`0b1b0");
        assertThat(Rle.fromString("T3`0b1b0", 10, 20).counts()).containsExactly(100, 16, 50, 34);
        assertThat(r.area()).isEqualTo(16 + 34);
    }

    /** The fourth count 1 is stored as 1 - 2 = -1: 31 with the sign bit, no continuation -> '0' + 31 = 'O'. */
    @Test
    void negativeDeltaIsOneCharacter() {
        Rle r = new Rle(1, 11, new int[] {3, 2, 5, 1});
        assertThat(r.toCompressedString()).isEqualTo("325O");
        assertThat(Rle.fromString("325O", 1, 11)).isEqualTo(r);
    }

    @Test
    void randomCountsSurviveTheRoundTrip() {
        Random rnd = new Random(7);
        for (int t = 0; t < 200; t++) {
            int n = 2 + rnd.nextInt(30);
            int[] counts = new int[n];
            int sum = 0;
            for (int i = 0; i < n; i++) {
                counts[i] = (i > 0 ? 1 : 0) + rnd.nextInt(rnd.nextBoolean() ? 40 : 5000);
                sum += counts[i];
            }
            Rle r = new Rle(1, sum, counts);
            String s = r.toCompressedString();
            assertThat(s.chars()).allMatch(c -> c >= '0' && c <= 'o');
            assertThat(Rle.fromString(s, 1, sum)).isEqualTo(r);
        }
    }

    @Test
    void countsMustSumToThePixelCountAndStringsMustBeWellFormed() {
        assertThatThrownBy(() -> new Rle(2, 3, new int[] {1, 2, 2})).hasMessageContaining("sum to 5")
                .hasMessageContaining("6 pixels");
        assertThatThrownBy(() -> new Rle(2, 3, new int[] {7, -1})).hasMessageContaining("negative");
        assertThatThrownBy(() -> Rle.fromString("b1", 5, 9)).hasMessageContaining("sum to 50");
        assertThatThrownBy(() -> Rle.fromString("b", 5, 10)).hasMessageContaining("ends inside a count");
        assertThatThrownBy(() -> Rle.fromString("b1 ", 5, 10)).hasMessageContaining("character ' '");
    }

    /** Column-major: index i is pixel (x = i / height, y = i % height). */
    @Test
    void paintsColumnMajorRuns() {
        Rle r = new Rle(2, 3, new int[] {1, 2, 2, 1});
        LabelMap map = LabelMap.filled(3, 2, 0);
        r.paint(map, 9);
        // column-major indices 1, 2 and 5: (0,1), (1,0), (2,1)
        assertThat(map.data()).containsExactly(0, 9, 0, 9, 0, 9);
    }

    @Test
    void unionJoinsOverlappingAndTouchingRuns() {
        Rle a = new Rle(1, 10, new int[] {1, 3, 6}); // 1..3
        Rle b = new Rle(1, 10, new int[] {3, 3, 1, 1, 2}); // 3..5, 7
        Rle c = new Rle(1, 10, new int[] {6, 1, 3}); // 6
        assertThat(Rle.union(1, 10, List.of(a, b, c)).counts()).containsExactly(1, 7, 2);
        assertThat(Rle.union(1, 10, List.of()).counts()).containsExactly(10);
    }
}

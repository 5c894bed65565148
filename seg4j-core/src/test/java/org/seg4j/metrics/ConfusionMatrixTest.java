package org.seg4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seg4j.image.LabelMap;

class ConfusionMatrixTest {
    /**
     * The 3x3 case worked out by hand (3 classes, ignore 255):
     * <pre>
     * gt    0 0 1      pred  0 1 1
     *       1 1 2            1 0 2
     *     255 2 2            0 2 255
     * </pre>
     * Pixel pairs (gt,pred): (0,0) (0,1) (1,1) | (1,1) (1,0) (2,2) | ignored (2,2) (2,unassigned). So row 0 = [1 1 0],
     * row 1 = [1 2 0], row 2 = [0 0 2] plus one unassigned pixel of class 2; 8 pixels counted.
     */
    static ConfusionMatrix handCase() {
        ConfusionMatrix cm = new ConfusionMatrix(3, 255);
        cm.accumulate(new LabelMap(3, 3, bytes(0, 0, 1, 1, 1, 2, 255, 2, 2)),
                new LabelMap(3, 3, bytes(0, 1, 1, 1, 0, 2, 0, 2, 255)));
        return cm;
    }

    @Test
    void handCaseCounts() {
        ConfusionMatrix cm = handCase();
        long[][] expected = {{1, 1, 0}, {1, 2, 0}, {0, 0, 2}};
        for (int g = 0; g < 3; g++) {
            for (int p = 0; p < 3; p++) {
                assertThat(cm.count(g, p)).as("count(%d,%d)", g, p).isEqualTo(expected[g][p]);
            }
        }
        assertThat(new long[] {cm.unassigned(0), cm.unassigned(1), cm.unassigned(2)}).containsExactly(0, 0, 1);
        assertThat(new long[] {cm.groundTruthPixels(0), cm.groundTruthPixels(1), cm.groundTruthPixels(2)})
                .containsExactly(2, 3, 3);
        assertThat(new long[] {cm.predictedPixels(0), cm.predictedPixels(1), cm.predictedPixels(2)})
                .containsExactly(2, 3, 2);
        assertThat(cm.total()).isEqualTo(8);
    }

    @Test
    void predictionsThatAreNoClassAreUnassignedMissesOfTheGroundTruthClass() {
        ConfusionMatrix cm = new ConfusionMatrix(2, 11);
        // gt 0 predicted as ignore (11), as junk (200) and as 0; gt 1 predicted as 12 (junk just past ignore)
        cm.accumulate(bytes(0, 0, 0, 1), bytes(11, 200, 0, 12));
        assertThat(cm.unassigned(0)).isEqualTo(2);
        assertThat(cm.unassigned(1)).isEqualTo(1);
        assertThat(cm.count(0, 0)).isEqualTo(1);
        assertThat(cm.count(0, 1) + cm.count(1, 0) + cm.count(1, 1)).isZero();
        assertThat(cm.groundTruthPixels(0)).isEqualTo(3);
        assertThat(cm.predictedPixels(0)).isEqualTo(1);
        assertThat(cm.total()).isEqualTo(4);
    }

    @Test
    void ignoredGroundTruthCountsForNothingWhateverThePrediction() {
        ConfusionMatrix cm = new ConfusionMatrix(2, 255);
        cm.accumulate(bytes(255, 255, 255, 1), bytes(0, 1, 77, 1));
        assertThat(cm.total()).isEqualTo(1);
        assertThat(cm.count(1, 1)).isEqualTo(1);
    }

    @Test
    void invalidGroundTruthIsRejectedAndLeavesTheMatrixUnchanged() {
        ConfusionMatrix cm = new ConfusionMatrix(3, 255);
        cm.accumulate(bytes(0, 1), bytes(0, 1));
        assertThatThrownBy(() -> cm.accumulate(bytes(0, 7, 1), bytes(0, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ground-truth value 7 is neither a class (0..2) nor the ignore index 255");
        assertThat(cm.total()).isEqualTo(2);
        assertThat(cm.count(0, 0)).isEqualTo(1);
        // and the next call starts from a clean slate
        cm.accumulate(bytes(2), bytes(2));
        assertThat(cm.total()).isEqualTo(3);
    }

    @Test
    void sizesMustMatch() {
        ConfusionMatrix cm = new ConfusionMatrix(3, 255);
        assertThatThrownBy(() -> cm.accumulate(LabelMap.filled(4, 3, 0), LabelMap.filled(3, 4, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ground truth is 4x3 but the prediction is 3x4");
        assertThatThrownBy(() -> cm.accumulate(new byte[5], new byte[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ground truth has 5 pixels but the prediction has 4");
        assertThat(cm.total()).isZero();
    }

    @Test
    void constructorRejectsAnIgnoreIndexThatIsAClass() {
        assertThatThrownBy(() -> new ConfusionMatrix(12, 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConfusionMatrix(0, 255)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConfusionMatrix(3, 256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConfusionMatrix(3, 255).count(3, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void uniformEightPixelWordsAreCountedLikeAnyOtherPixels() {
        ConfusionMatrix cm = new ConfusionMatrix(3, 255);
        byte[] gt = new byte[40];
        byte[] pred = new byte[40];
        Arrays.fill(gt, 0, 16, (byte) 1);
        Arrays.fill(pred, 0, 16, (byte) 1); // two uniform words, right
        Arrays.fill(gt, 16, 24, (byte) 255); // one ignored word, any prediction
        Arrays.fill(pred, 16, 24, (byte) 2);
        Arrays.fill(gt, 24, 32, (byte) 2);
        Arrays.fill(pred, 24, 32, (byte) 200); // one uniform word of junk predictions: unassigned
        Arrays.fill(gt, 32, 40, (byte) 0);
        Arrays.fill(pred, 32, 40, (byte) 2); // one uniform word, wrong
        cm.accumulate(gt, pred);
        assertThat(cm.count(1, 1)).isEqualTo(16);
        assertThat(cm.unassigned(2)).isEqualTo(8);
        assertThat(cm.count(0, 2)).isEqualTo(8);
        assertThat(cm.total()).isEqualTo(32);
    }

    /** Independent label values per pixel, and runs of equal values as in real label maps (the word fast path). */
    @ParameterizedTest
    @ValueSource(ints = {1, 37})
    void matchesANaivePerPixelCountAndMergeEqualsAccumulatingEverything(int maxRun) {
        int numClasses = 5;
        int ignore = 9;
        Random rnd = new Random(42);
        byte[][] gts = new byte[6][];
        byte[][] preds = new byte[6][];
        long[][] naive = new long[numClasses][numClasses + 1];
        for (int k = 0; k < gts.length; k++) {
            gts[k] = new byte[1000 + 37 * k];
            preds[k] = new byte[gts[k].length];
            int g = 0;
            int p = 0;
            for (int i = 0; i < gts[k].length; i++) {
                if (rnd.nextInt(maxRun) == 0) {
                    int r = rnd.nextInt(numClasses + 1);
                    g = r == numClasses ? ignore : r;
                }
                if (rnd.nextInt(maxRun) == 0) {
                    int r = rnd.nextInt(numClasses + 3);
                    p = r == numClasses ? ignore : r == numClasses + 1 ? 250 : r;
                }
                gts[k][i] = (byte) g;
                preds[k][i] = (byte) p;
                if (g != ignore) {
                    naive[g][Math.min(p, numClasses)]++;
                }
            }
        }
        ConfusionMatrix all = new ConfusionMatrix(numClasses, ignore);
        // a tiny pending limit forces the int tables to be flushed into the long counts between calls
        ConfusionMatrix first = new ConfusionMatrix(numClasses, ignore, 1100);
        ConfusionMatrix second = new ConfusionMatrix(numClasses, ignore);
        for (int k = 0; k < gts.length; k++) {
            all.accumulate(gts[k], preds[k]);
            (k % 3 == 0 ? second : first).accumulate(gts[k], preds[k]);
        }
        first.merge(second);
        long naiveTotal = 0;
        for (int g = 0; g < numClasses; g++) {
            for (int p = 0; p < numClasses; p++) {
                assertThat(all.count(g, p)).isEqualTo(naive[g][p]);
                assertThat(first.count(g, p)).isEqualTo(naive[g][p]);
                naiveTotal += naive[g][p];
            }
            assertThat(all.unassigned(g)).isEqualTo(naive[g][numClasses]).isPositive();
            assertThat(first.unassigned(g)).isEqualTo(naive[g][numClasses]);
            naiveTotal += naive[g][numClasses];
        }
        assertThat(first.total()).isEqualTo(all.total()).isEqualTo(naiveTotal);
        assertThatThrownBy(() -> all.merge(new ConfusionMatrix(numClasses, 255)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void countsAddedDirectlyEqualCountsAccumulated() {
        ConfusionMatrix seen = new ConfusionMatrix(3, 255);
        seen.accumulate(new byte[] {0, 0, 1, 2, 2, 1}, new byte[] {0, 1, 1, 2, (byte) 255, 1});
        ConfusionMatrix rebuilt = new ConfusionMatrix(3, 255);
        for (int g = 0; g < 3; g++) {
            for (int p = 0; p < 3; p++) {
                rebuilt.add(g, p, seen.count(g, p));
            }
            rebuilt.add(g, -1, seen.unassigned(g));
        }
        for (int g = 0; g < 3; g++) {
            assertThat(rebuilt.groundTruthPixels(g)).isEqualTo(seen.groundTruthPixels(g));
            assertThat(rebuilt.predictedPixels(g)).isEqualTo(seen.predictedPixels(g));
        }
        assertThat(rebuilt.unassigned(2)).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rebuilt.add(0, 1, -3))
                .hasMessageContaining("must be >= 0");
    }
}

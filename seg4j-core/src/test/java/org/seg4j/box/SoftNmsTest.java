package org.seg4j.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftNmsTest {
    // a-b IoU = 80/120 = 2/3; a-c IoU = 50/150 = 1/3; b-c IoU = 70/130 = 7/13
    private final ScoredBox a = new ScoredBox(new Box(0, 0, 10, 10), 0, 0.9);
    private final ScoredBox b = new ScoredBox(new Box(2, 0, 12, 10), 0, 0.8);
    private final ScoredBox c = new ScoredBox(new Box(5, 0, 15, 10), 0, 0.7);

    @Test
    void linearHandCase() {
        // keep a (0.9); b: 2/3 >= 0.5 -> 0.8 * 1/3 = 0.2667; c: 1/3 < 0.5 -> 0.7 unchanged
        // keep c (0.7); b: 7/13 >= 0.5 -> 0.2667 * 6/13 = 0.12308; keep b
        List<ScoredBox> out = SoftNms.perClass(List.of(b, c, a), new SoftNms.Linear(0.5), 0.0);
        assertThat(out).extracting(ScoredBox::box).containsExactly(a.box(), c.box(), b.box());
        assertThat(out.get(0).score()).isEqualTo(0.9);
        assertThat(out.get(1).score()).isEqualTo(0.7);
        assertThat(out.get(2).score()).isCloseTo(0.8 / 3 * 6 / 13, within(1e-12));
        // with a score threshold of 0.2 the last box (0.123) goes
        assertThat(SoftNms.perClass(List.of(b, c, a), new SoftNms.Linear(0.5), 0.2)).hasSize(2);
    }

    @Test
    void gaussianHandCase() {
        // sigma 0.5, keep a; b: 0.8 e^(-(4/9)/0.5) = 0.32889; c: 0.7 e^(-(1/9)/0.5) = 0.56052
        // keep c; b: 0.32889 e^(-(49/169)/0.5) = 0.32889 * 0.55996 = 0.18417
        List<ScoredBox> out = SoftNms.perClass(List.of(a, b, c), new SoftNms.Gaussian(0.5), 0.0);
        assertThat(out).extracting(ScoredBox::box).containsExactly(a.box(), c.box(), b.box());
        assertThat(out.get(1).score()).isCloseTo(0.7 * Math.exp(-2.0 / 9), within(1e-12));
        assertThat(out.get(2).score()).isCloseTo(0.8 * Math.exp(-8.0 / 9) * Math.exp(-98.0 / 169), within(1e-12));
        assertThat(out.get(2).score()).isCloseTo(0.18417, within(1e-5));
    }

    @Test
    void matchesReferenceOnRandomBoxes() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 100; trial++) {
            List<ScoredBox> boxes = RandomBoxes.clustered(rnd, 1 + rnd.nextInt(40), 2);
            SoftNms.Decay decay = rnd.nextBoolean() ? new SoftNms.Linear(rnd.nextDouble())
                    : new SoftNms.Gaussian(0.1 + rnd.nextDouble());
            double min = 0.05 * rnd.nextDouble();
            List<ScoredBox> expected = new ArrayList<>();
            for (int cls = 0; cls < 2; cls++) {
                expected.addAll(reference(boxes, cls, decay, min));
            }
            expected.sort((p, q) -> Double.compare(q.score(), p.score()));
            List<ScoredBox> actual = SoftNms.perClass(boxes, decay, min);
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < actual.size(); i++) {
                assertThat(actual.get(i).box()).isEqualTo(expected.get(i).box());
                assertThat(actual.get(i).score()).isCloseTo(expected.get(i).score(), within(1e-12));
            }
        }
    }

    /**
     * Array form of the paper's Algorithm 1: a score array updated in place, each round the arg-max leaves the set;
     * finally the scores below the threshold are dropped.
     */
    private static List<ScoredBox> reference(List<ScoredBox> boxes, int cls, SoftNms.Decay decay, double min) {
        List<Box> bs = new ArrayList<>();
        List<Double> ss = new ArrayList<>();
        for (ScoredBox b : boxes) {
            if (b.classId() == cls) {
                bs.add(b.box());
                ss.add(b.score());
            }
        }
        double[] s = ss.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] done = new boolean[s.length];
        List<ScoredBox> out = new ArrayList<>();
        for (int round = 0; round < s.length; round++) {
            int m = -1;
            for (int i = 0; i < s.length; i++) {
                if (!done[i] && (m < 0 || s[i] > s[m])) {
                    m = i;
                }
            }
            done[m] = true;
            out.add(new ScoredBox(bs.get(m), cls, s[m]));
            for (int i = 0; i < s.length; i++) {
                if (!done[i]) {
                    s[i] *= decay.factor(bs.get(m).iou(bs.get(i)));
                }
            }
        }
        out.removeIf(b -> b.score() < min);
        return out;
    }
}

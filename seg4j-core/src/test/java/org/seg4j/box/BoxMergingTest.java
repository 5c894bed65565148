package org.seg4j.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seg4j.box.BoxMerging.Averaging;
import org.seg4j.box.BoxMerging.ScoreRule;

class BoxMergingTest {
    // p-q: intersection 8x8 = 64, union 136, 1 - IoU = 0.529; r is far from both
    private final ScoredBox p = new ScoredBox(new Box(0, 0, 10, 10), 0, 1.0);
    private final ScoredBox q = new ScoredBox(new Box(2, 2, 12, 12), 0, 3.0);
    private final ScoredBox r = new ScoredBox(new Box(50, 50, 60, 60), 0, 0.5);

    @Test
    void handCaseMeanAndScoreWeighted() {
        List<ScoredBox> mean = new BoxMerging(BoxDistance.oneMinusIou(), 0.6, Averaging.MEAN, ScoreRule.SUM)
                .merge(List.of(p, r, q));
        assertThat(mean).containsExactly(new ScoredBox(new Box(1, 1, 11, 11), 0, 4.0), r);
        // weights 1/4 and 3/4: x1 = 0.25 * 0 + 0.75 * 2 = 1.5, x2 = 0.25 * 10 + 0.75 * 12 = 11.5
        List<ScoredBox> weighted = new BoxMerging(BoxDistance.oneMinusIou(), 0.6, Averaging.SCORE_WEIGHTED,
                ScoreRule.MAX).merge(List.of(p, r, q));
        assertThat(weighted).containsExactly(new ScoredBox(new Box(1.5, 1.5, 11.5, 11.5), 0, 3.0), r);
        // threshold 0.5 < 0.529: nothing merges
        assertThat(new BoxMerging(BoxDistance.oneMinusIou(), 0.5, Averaging.MEAN, ScoreRule.SUM)
                .merge(List.of(p, r, q))).containsExactly(q, p, r);
    }

    @Test
    void centreDistanceMergesChains() {
        // centres 5, 7 (p, q) and 55 (r): distance p-q = 2 sqrt 2 = 2.83; merged centre 6 to 55 = 49 sqrt 2 = 69.3
        BoxMerging all = new BoxMerging(BoxDistance.centreDistance(), 100, Averaging.MEAN, ScoreRule.SUM);
        // p+q first -> (1,1,11,11); then with r -> (25.5, 25.5, 35.5, 35.5), score 4.5
        assertThat(all.merge(List.of(p, q, r))).containsExactly(new ScoredBox(new Box(25.5, 25.5, 35.5, 35.5), 0, 4.5));
        BoxMerging weighted = new BoxMerging(BoxDistance.centreDistance(), 100, Averaging.SCORE_WEIGHTED,
                ScoreRule.SUM);
        // weighted mean of all three with weights 1, 3, 0.5: x1 = (0 + 6 + 25) / 4.5
        ScoredBox m = weighted.merge(List.of(p, q, r)).get(0);
        assertThat(m.box().x1()).isCloseTo(31 / 4.5, within(1e-12));
        assertThat(m.box().x2()).isCloseTo((10 + 36 + 30) / 4.5, within(1e-12));
    }

    @Test
    void classesDoNotMerge() {
        ScoredBox otherClass = new ScoredBox(q.box(), 1, 3.0);
        assertThat(new BoxMerging(BoxDistance.oneMinusIou(), 0.9, Averaging.MEAN, ScoreRule.SUM)
                .merge(List.of(p, otherClass))).containsExactly(otherClass, p);
    }

    @Test
    void matchesBruteForceOnRandomBoxes() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 120; trial++) {
            List<ScoredBox> boxes = RandomBoxes.clustered(rnd, 1 + rnd.nextInt(50), 2);
            boolean iou = rnd.nextBoolean();
            BoxDistance d = iou ? BoxDistance.oneMinusIou() : BoxDistance.centreDistance();
            double t = iou ? 0.3 + 0.6 * rnd.nextDouble() : 30 * rnd.nextDouble();
            Averaging avg = Averaging.values()[rnd.nextInt(2)];
            ScoreRule rule = ScoreRule.values()[rnd.nextInt(2)];
            List<ScoredBox> actual = sorted(new BoxMerging(d, t, avg, rule).merge(boxes));
            List<ScoredBox> expected = new ArrayList<>();
            for (int cls = 0; cls < 2; cls++) {
                expected.addAll(bruteForce(boxes, cls, d, t, avg, rule));
            }
            expected = sorted(expected);
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < actual.size(); i++) {
                ScoredBox a = actual.get(i);
                ScoredBox e = expected.get(i);
                assertThat(a.classId()).isEqualTo(e.classId());
                assertThat(a.score()).isCloseTo(e.score(), within(1e-9));
                assertThat(new double[] {a.box().x1(), a.box().y1(), a.box().x2(), a.box().y2()})
                        .containsExactly(new double[] {e.box().x1(), e.box().y1(), e.box().x2(), e.box().y2()},
                                within(1e-9));
            }
        }
    }

    private static List<ScoredBox> sorted(List<ScoredBox> boxes) {
        List<ScoredBox> out = new ArrayList<>(boxes);
        out.sort(Comparator.comparingInt(ScoredBox::classId).thenComparingDouble(b -> b.box().x1()));
        return out;
    }

    /**
     * Each round scans every pair for the smallest distance (O(n^3) overall). A cluster keeps its member boxes; the
     * score-weighted box is recomputed from all members, the mean box pairwise as the paper's box_merge.
     */
    private static List<ScoredBox> bruteForce(List<ScoredBox> boxes, int cls, BoxDistance d, double t,
            Averaging avg, ScoreRule rule) {
        List<List<ScoredBox>> members = new ArrayList<>();
        List<Box> current = new ArrayList<>();
        for (ScoredBox b : boxes) {
            if (b.classId() == cls) {
                members.add(new ArrayList<>(List.of(b)));
                current.add(b.box());
            }
        }
        while (true) {
            int bi = -1;
            int bj = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < current.size(); i++) {
                for (int j = i + 1; j < current.size(); j++) {
                    double v = d.between(current.get(i), current.get(j));
                    if (v < best) {
                        best = v;
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (bi < 0 || !(best < t)) {
                break;
            }
            members.get(bi).addAll(members.remove(bj));
            Box a = current.get(bi);
            Box b = current.remove(bj);
            current.set(bi, avg == Averaging.MEAN
                    ? new Box((a.x1() + b.x1()) / 2, (a.y1() + b.y1()) / 2, (a.x2() + b.x2()) / 2,
                            (a.y2() + b.y2()) / 2)
                    : weightedMean(members.get(bi)));
        }
        List<ScoredBox> out = new ArrayList<>();
        for (int i = 0; i < current.size(); i++) {
            double score = rule == ScoreRule.SUM
                    ? members.get(i).stream().mapToDouble(ScoredBox::score).sum()
                    : members.get(i).stream().mapToDouble(ScoredBox::score).max().orElseThrow();
            out.add(new ScoredBox(current.get(i), cls, score));
        }
        return out;
    }

    private static Box weightedMean(List<ScoredBox> group) {
        double w = 0;
        double[] c = new double[4];
        for (ScoredBox b : group) {
            w += b.score();
            c[0] += b.score() * b.box().x1();
            c[1] += b.score() * b.box().y1();
            c[2] += b.score() * b.box().x2();
            c[3] += b.score() * b.box().y2();
        }
        return new Box(c[0] / w, c[1] / w, c[2] / w, c[3] / w);
    }
}

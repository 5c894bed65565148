package org.seg4j.box;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random scored boxes clustered around a few centres, so that many overlap, for the brute-force comparisons. */
final class RandomBoxes {
    private RandomBoxes() {
    }

    static List<ScoredBox> clustered(Random rnd, int n, int classes) {
        double[][] centres = new double[4][];
        for (int c = 0; c < centres.length; c++) {
            centres[c] = new double[] {20 + 160 * rnd.nextDouble(), 20 + 160 * rnd.nextDouble(),
                10 + 40 * rnd.nextDouble(), 10 + 40 * rnd.nextDouble()};
        }
        List<ScoredBox> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] c = centres[rnd.nextInt(centres.length)];
            double x = c[0] + 8 * rnd.nextGaussian();
            double y = c[1] + 8 * rnd.nextGaussian();
            double w = c[2] * (0.7 + 0.6 * rnd.nextDouble());
            double h = c[3] * (0.7 + 0.6 * rnd.nextDouble());
            out.add(new ScoredBox(new Box(x - w / 2, y - h / 2, x + w / 2, y + h / 2), rnd.nextInt(classes),
                    rnd.nextDouble()));
        }
        return out;
    }
}

package org.seg4j.crf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.label.LabelSpec;

class CrfGridSearchTest {
    private static final int W = 48;
    private static final int H = 40;
    private static final LabelSpec THREE = LabelSpec.builder("three").addClass("left", 0xff0000, 0)
            .addClass("top right", 0x00ff00, 1).addClass("bottom right", 0x0000ff, 2).ignoreIndex(255).build();

    /** The truth behind {@link TestImages#noisyProbabilities}: left half 0, right top 1, right bottom 2. */
    private static LabelMap truth() {
        LabelMap truth = LabelMap.filled(W, H, 0);
        for (int y = 0; y < H; y++) {
            for (int x = W / 2; x < W; x++) {
                truth.set(x, y, y < H / 2 ? 1 : 2);
            }
        }
        return truth;
    }

    private static List<CrfGridSearch.Case> cases() {
        List<CrfGridSearch.Case> cases = new ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            cases.add(new CrfGridSearch.Case(TestImages.quadrants(W, H, seed, 10),
                    TestImages.noisyProbabilities(W, H, seed), truth()));
        }
        return cases;
    }

    /** Mean IoU by counting pixels, independent of ConfusionMatrix. */
    private static double naiveMeanIoU(List<LabelMap> predictions) {
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            long inter = 0;
            long union = 0;
            for (LabelMap p : predictions) {
                LabelMap t = truth();
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        boolean inT = t.get(x, y) == c;
                        boolean inP = p.get(x, y) == c;
                        inter += inT && inP ? 1 : 0;
                        union += inT || inP ? 1 : 0;
                    }
                }
            }
            sum += (double) inter / union;
        }
        return sum / 3;
    }

    @Test
    void gridIsEveryCombinationOfTheAppearanceValuesWithTheBaseSmoothnessKernel() {
        CrfParameters base = CrfParameters.deepLab();
        List<CrfParameters> grid = CrfGridSearch.grid(base, new float[] {3, 5}, new float[] {30, 60, 90},
                new float[] {4});
        assertThat(grid).hasSize(6);
        assertThat(grid.get(0)).isEqualTo(new CrfParameters(3, 30, 4, 3, 3, 10));
        assertThat(grid.get(5)).isEqualTo(new CrfParameters(5, 90, 4, 3, 3, 10));
    }

    @Test
    void bestIsTheSettingWithTheHighestMeanIouCountedPixelByPixel() {
        List<CrfGridSearch.Case> cases = cases();
        CrfGridSearch search = new CrfGridSearch(THREE, 1);
        List<CrfParameters> grid = CrfGridSearch.grid(CrfParameters.deepLab().withIterations(5),
                new float[] {0.5f, 5}, new float[] {5, 20}, new float[] {5, 20});
        List<CrfGridSearch.Outcome> seen = new ArrayList<>();
        CrfGridSearch.Outcome best = search.best(cases, grid, seen::add);

        assertThat(seen).hasSize(grid.size());
        double bestNaive = Double.NEGATIVE_INFINITY;
        for (CrfParameters p : grid) {
            List<LabelMap> labels = cases.stream().map(c -> search.refine(c, p)).toList();
            bestNaive = Math.max(bestNaive, naiveMeanIoU(labels));
        }
        assertThat(best.meanIoU()).isCloseTo(bestNaive, within(1e-12));
        double argmaxMeanIoU = naiveMeanIoU(cases.stream().map(c -> argmax(c.probabilities())).toList());
        // a quarter of the unary labels are random: the CRF must clean most of them up
        assertThat(best.meanIoU()).isGreaterThan(argmaxMeanIoU + 0.2);
    }

    private static LabelMap argmax(float[] p) {
        LabelMap m = LabelMap.filled(W, H, 0);
        int n = W * H;
        for (int i = 0; i < n; i++) {
            int arg = 0;
            for (int l = 1; l < 3; l++) {
                arg = p[l * n + i] > p[arg * n + i] ? l : arg;
            }
            m.set(i % W, i / W, arg);
        }
        return m;
    }

    @Test
    void casesOfMismatchedSizesAndEmptySearchesAreRefused() {
        assertThatThrownBy(() -> new CrfGridSearch.Case(RgbImage.blank(W, H), new float[3 * W * H],
                LabelMap.filled(W + 1, H, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CrfGridSearch(THREE, 1).best(cases(), List.of(), o -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

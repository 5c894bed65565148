package org.seg4j.crf;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.label.LabelSpec;
import org.seg4j.metrics.ConfusionMatrix;
import org.seg4j.metrics.SegmentationMetrics;

/**
 * Chooses the fully connected CRF's appearance-kernel parameters on held-out images, as DeepLab did (Chen et al., ICLR
 * 2015, section 4.1: w1, theta_a and theta_b by cross-validation on a subset of val, w2 = 3 and theta_g = 3 fixed):
 * every setting of a grid refines every tuning image's network probabilities, and the setting whose labels give the
 * highest mean IoU against the ground truth wins.
 */
public final class CrfGridSearch {
    /**
     * One tuning image with the network's probabilities for it.
     *
     * @param probabilities class-major {@code [c][y][x]}, at the image's size
     */
    public record Case(RgbImage image, float[] probabilities, LabelMap truth) {
        public Case {
            long expected = (long) image.width() * image.height();
            if (truth.width() != image.width() || truth.height() != image.height()
                    || probabilities.length % expected != 0) {
                throw new IllegalArgumentException("image, probabilities and ground truth must have the same size");
            }
        }
    }

    /** A setting's score over all tuning images. */
    public record Outcome(CrfParameters parameters, SegmentationMetrics metrics) {
        public double meanIoU() {
            return metrics.meanIoU();
        }
    }

    private final LabelSpec spec;
    private final int threads;

    public CrfGridSearch(LabelSpec spec, int threads) {
        this.spec = spec;
        this.threads = threads;
    }

    /** Every combination of the appearance-kernel values, with the base's smoothness kernel and iterations. */
    public static List<CrfParameters> grid(CrfParameters base, float[] w1, float[] thetaA, float[] thetaB) {
        List<CrfParameters> grid = new ArrayList<>();
        for (float w : w1) {
            for (float a : thetaA) {
                for (float b : thetaB) {
                    grid.add(base.withBilateral(w, a, b));
                }
            }
        }
        return grid;
    }

    /** The labels the CRF with these parameters gives for the case. */
    public LabelMap refine(Case c, CrfParameters parameters) {
        int points = c.image().width() * c.image().height();
        DenseCrf crf = DenseCrf.forImage(c.image(), spec.numClasses(), parameters, threads);
        MeanFieldResult result = crf.inference(Unary.fromProbabilities(c.probabilities(), spec.numClasses(), points),
                parameters.iterations());
        return result.labelMap(c.image().width(), c.image().height());
    }

    /** Scores one setting over all cases. */
    public Outcome score(List<Case> cases, CrfParameters parameters) {
        ConfusionMatrix cm = new ConfusionMatrix(spec.numClasses(), spec.ignoreIndex());
        for (Case c : cases) {
            cm.accumulate(c.truth(), refine(c, parameters));
        }
        return new Outcome(parameters, SegmentationMetrics.of(cm, spec));
    }

    /**
     * Scores every setting of the grid, reporting each as it finishes.
     *
     * @return the best setting by mean IoU (the first of equals)
     */
    public Outcome best(List<Case> cases, List<CrfParameters> grid, Consumer<Outcome> each) {
        if (grid.isEmpty() || cases.isEmpty()) {
            throw new IllegalArgumentException("the search needs at least one setting and one tuning image");
        }
        Outcome best = null;
        for (CrfParameters p : grid) {
            Outcome o = score(cases, p);
            each.accept(o);
            if (best == null || o.meanIoU() > best.meanIoU()) {
                best = o;
            }
        }
        return best;
    }
}

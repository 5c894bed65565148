package org.seg4j.box;

import java.util.ArrayList;
import java.util.List;

/**
 * Soft-NMS (Bodla, Singh, Chellappa, Davis, "Soft-NMS -- Improving Object Detection With One Line of Code",
 * ICCV 2017, Algorithm 1), within each class: repeatedly move the highest-scoring remaining box M to the output and
 * decay the score of every remaining box b instead of removing it:
 * <ul>
 *   <li>linear (eq. 2): {@code s = s * (1 - iou(M, b))} when {@code iou(M, b) >= Nt}, unchanged otherwise;</li>
 *   <li>Gaussian (eq. 3): {@code s = s * exp(-iou(M, b)^2 / sigma)} for every b.</li>
 * </ul>
 * Boxes whose decayed score falls below {@code minScore} are dropped (the paper's final score threshold). Scores
 * must be non-negative. Equal scores are taken in input order.
 */
public final class SoftNms {
    /** How a remaining box's score decays with its overlap with the box just kept. */
    public sealed interface Decay {
        double factor(double iou);
    }

    /** Linear decay: factor {@code 1 - iou} at or above the overlap threshold {@code nt}, 1 below. */
    public record Linear(double nt) implements Decay {
        public Linear {
            Nms.checkThreshold(nt);
        }

        @Override
        public double factor(double iou) {
            return iou >= nt ? 1 - iou : 1;
        }
    }

    /** Gaussian decay: factor {@code exp(-iou^2 / sigma)}; the paper uses sigma = 0.5. */
    public record Gaussian(double sigma) implements Decay {
        public Gaussian {
            if (!(sigma > 0)) {
                throw new IllegalArgumentException("sigma must be positive, got " + sigma);
            }
        }

        @Override
        public double factor(double iou) {
            return Math.exp(-iou * iou / sigma);
        }
    }

    private SoftNms() {
    }

    /** The boxes of all classes with their decayed scores, those at or above {@code minScore}, highest first. */
    public static List<ScoredBox> perClass(List<ScoredBox> boxes, Decay decay, double minScore) {
        for (ScoredBox b : boxes) {
            if (b.score() < 0) {
                throw new IllegalArgumentException("Soft-NMS needs non-negative scores, got " + b.score());
            }
        }
        return ByClass.apply(boxes, group -> decayAll(group, decay, minScore));
    }

    private static List<ScoredBox> decayAll(List<ScoredBox> group, Decay decay, double minScore) {
        List<ScoredBox> remaining = new ArrayList<>(group);
        List<ScoredBox> out = new ArrayList<>();
        while (!remaining.isEmpty()) {
            int best = 0;
            for (int i = 1; i < remaining.size(); i++) {
                if (remaining.get(i).score() > remaining.get(best).score()) {
                    best = i;
                }
            }
            ScoredBox m = remaining.remove(best);
            if (m.score() < minScore) {
                break;
            }
            out.add(m);
            for (int i = 0; i < remaining.size(); i++) {
                ScoredBox b = remaining.get(i);
                remaining.set(i, b.withScore(b.score() * decay.factor(m.box().iou(b.box()))));
            }
        }
        return out;
    }
}

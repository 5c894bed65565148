package org.seg4j.box;

import java.util.List;
import java.util.Optional;

/**
 * The "max" combination of OverFeat-style localization (Sermanet et al., ICLR 2014, section 4): of all the boxes
 * predicted over windows and scales, keep the single highest-scoring one, as single-object localization (one object
 * per image, as in ILSVRC) needs. Equal scores go to the first in input order.
 */
public final class MaxCombination {
    private MaxCombination() {
    }

    /** The highest-scoring box, empty when there are none. */
    public static Optional<ScoredBox> best(List<ScoredBox> boxes) {
        ScoredBox best = null;
        for (ScoredBox b : boxes) {
            if (best == null || b.score() > best.score()) {
                best = b;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The highest-scoring box of each class, highest score first. */
    public static List<ScoredBox> bestPerClass(List<ScoredBox> boxes) {
        return ByClass.apply(boxes, group -> List.of(best(group).orElseThrow()));
    }
}

package org.seg4j.box;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Applies a box operation to each class separately (boxes of different classes never suppress or merge with each
 * other) and returns the union, highest score first (ties in input order).
 */
final class ByClass {
    private ByClass() {
    }

    static List<ScoredBox> apply(List<ScoredBox> boxes, UnaryOperator<List<ScoredBox>> operation) {
        Map<Integer, List<ScoredBox>> groups = new LinkedHashMap<>();
        for (ScoredBox b : boxes) {
            groups.computeIfAbsent(b.classId(), k -> new ArrayList<>()).add(b);
        }
        List<ScoredBox> out = new ArrayList<>();
        for (List<ScoredBox> group : groups.values()) {
            out.addAll(operation.apply(group));
        }
        return byScore(out);
    }

    /** A copy sorted by descending score, stable. */
    static List<ScoredBox> byScore(List<ScoredBox> boxes) {
        List<ScoredBox> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble(ScoredBox::score).reversed());
        return sorted;
    }
}

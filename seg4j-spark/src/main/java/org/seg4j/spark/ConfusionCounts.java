package org.seg4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.seg4j.metrics.ConfusionMatrix;

/**
 * The confusion counts of part of a data set, as a Spark task returns them to the driver: the matrix cells and the
 * unassigned pixels per ground-truth class (both {@code long}), the samples scored and the bad samples met. Partial
 * counts add up ({@link #plus}) to the counts of the whole, cell by cell, so the order of the partitions does not
 * matter.
 */
final class ConfusionCounts implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A sample that could not be read, by its index in the data set. */
    record Problem(int index, String message) implements Serializable {
    }

    private final int numClasses;
    private final int ignoreIndex;
    private final long[] cells;
    private final long[] unassigned;
    private final int scored;
    private final List<Problem> problems;

    private ConfusionCounts(int numClasses, int ignoreIndex, long[] cells, long[] unassigned, int scored,
            List<Problem> problems) {
        this.numClasses = numClasses;
        this.ignoreIndex = ignoreIndex;
        this.cells = cells;
        this.unassigned = unassigned;
        this.scored = scored;
        this.problems = problems;
    }

    static ConfusionCounts of(ConfusionMatrix matrix, int scored, List<Problem> problems) {
        int k = matrix.numClasses();
        long[] cells = new long[k * k];
        long[] unassigned = new long[k];
        for (int gt = 0; gt < k; gt++) {
            for (int pred = 0; pred < k; pred++) {
                cells[gt * k + pred] = matrix.count(gt, pred);
            }
            unassigned[gt] = matrix.unassigned(gt);
        }
        return new ConfusionCounts(k, matrix.ignoreIndex(), cells, unassigned, scored, List.copyOf(problems));
    }

    ConfusionCounts plus(ConfusionCounts other) {
        long[] sumCells = cells.clone();
        long[] sumUnassigned = unassigned.clone();
        for (int i = 0; i < sumCells.length; i++) {
            sumCells[i] += other.cells[i];
        }
        for (int i = 0; i < sumUnassigned.length; i++) {
            sumUnassigned[i] += other.unassigned[i];
        }
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(other.problems);
        return new ConfusionCounts(numClasses, ignoreIndex, sumCells, sumUnassigned, scored + other.scored, all);
    }

    ConfusionMatrix toMatrix() {
        ConfusionMatrix matrix = new ConfusionMatrix(numClasses, ignoreIndex);
        for (int gt = 0; gt < numClasses; gt++) {
            for (int pred = 0; pred < numClasses; pred++) {
                matrix.add(gt, pred, cells[gt * numClasses + pred]);
            }
            matrix.add(gt, -1, unassigned[gt]);
        }
        return matrix;
    }

    int scored() {
        return scored;
    }

    /** The bad samples met, in data set order. */
    List<Problem> problems() {
        return problems.stream().sorted(Comparator.comparingInt(Problem::index)).toList();
    }
}

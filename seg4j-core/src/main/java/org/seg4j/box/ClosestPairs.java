package org.seg4j.box;

import java.util.List;

/**
 * The closest pair among a shrinking set of boxes, for agglomerative merging: a full distance matrix plus, per box,
 * its nearest partner of higher index, so finding the closest pair costs O(n) and a merge O(n) plus O(n) per box
 * whose nearest partner was one of the merged two (O(n^2) overall when that is rare, O(n^3) at worst). Ties go to
 * the lowest first index, then the lowest partner.
 */
final class ClosestPairs {
    private final BoxDistance distance;
    private final Box[] boxes;
    private final double[][] d;
    private final int[] nearest;

    ClosestPairs(List<Box> initial, BoxDistance distance) {
        this.distance = distance;
        int n = initial.size();
        boxes = initial.toArray(new Box[0]);
        d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[i][j] = distance.between(boxes[i], boxes[j]);
                d[j][i] = d[i][j];
            }
        }
        nearest = new int[n];
        for (int i = 0; i < n; i++) {
            updateNearest(i);
        }
    }

    double distance(int i, int j) {
        return d[i][j];
    }

    /** The closest pair {i, j} with i &lt; j, or null when fewer than two boxes remain. */
    int[] closest() {
        int best = -1;
        for (int i = 0; i < boxes.length; i++) {
            if (boxes[i] != null && nearest[i] >= 0 && (best < 0 || d[i][nearest[i]] < d[best][nearest[best]])) {
                best = i;
            }
        }
        return best < 0 ? null : new int[] {best, nearest[best]};
    }

    /** Box {@code keep} becomes {@code merged} and box {@code drop} leaves the set. */
    void replace(int keep, int drop, Box merged) {
        boxes[drop] = null;
        boxes[keep] = merged;
        for (int j = 0; j < boxes.length; j++) {
            if (boxes[j] != null && j != keep) {
                d[keep][j] = distance.between(merged, boxes[j]);
                d[j][keep] = d[keep][j];
            }
        }
        for (int i = 0; i < boxes.length; i++) {
            if (boxes[i] == null) {
                continue;
            }
            if (i == keep || nearest[i] == keep || nearest[i] == drop) {
                updateNearest(i);
            } else if (i < keep && closer(i, keep, nearest[i])) {
                nearest[i] = keep;
            }
        }
    }

    /** Whether j is a better partner of i than k: closer, or as close and of lower index. */
    private boolean closer(int i, int j, int k) {
        return k < 0 || d[i][j] < d[i][k] || d[i][j] == d[i][k] && j < k;
    }

    private void updateNearest(int i) {
        int best = -1;
        for (int j = i + 1; j < boxes.length; j++) {
            if (boxes[j] != null && (best < 0 || closer(i, j, best))) {
                best = j;
            }
        }
        nearest[i] = best;
    }
}

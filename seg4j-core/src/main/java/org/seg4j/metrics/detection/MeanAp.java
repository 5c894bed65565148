package org.seg4j.metrics.detection;

import java.util.List;

/**
 * Mean average precision: the mean of the per-class APs that are defined (classes without non-difficult ground
 * truth have NaN AP and are left out of the mean), with the per-class results in the order asked for.
 */
public record MeanAp(double map, List<ClassAp> perClass) {
    public MeanAp {
        perClass = List.copyOf(perClass);
    }
}

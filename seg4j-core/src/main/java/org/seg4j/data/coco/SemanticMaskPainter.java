package org.seg4j.data.coco;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.seg4j.image.LabelMap;
import org.seg4j.label.LabelSpec;

/**
 * Paints the instances of one image into a semantic label map of training ids. Background is 0. Overlaps are
 * resolved by painting order, later wins:
 * <ol>
 *   <li>crowd regions first, as the spec's ignore index, so that any individually annotated object inside a crowd
 *       keeps its class and only the crowd's remaining pixels are ignored;</li>
 *   <li>then the other instances from the largest mask (pixel count) to the smallest, ties by ascending annotation
 *       id, so a small object lying on a large one (a cup on a table) stays visible.</li>
 * </ol>
 */
public final class SemanticMaskPainter {
    private SemanticMaskPainter() {
    }

    private record Instance(CocoAnnotation annotation, Rle mask) {
    }

    private static final Comparator<Instance> ORDER = Comparator
            .comparing((Instance i) -> !i.annotation().crowd())
            .thenComparing(Comparator.comparingLong((Instance i) -> i.mask().area()).reversed())
            .thenComparingLong(i -> i.annotation().id());

    public static LabelMap paint(CocoImage image, List<CocoAnnotation> annotations, LabelSpec spec) {
        List<Instance> instances = new ArrayList<>(annotations.size());
        for (CocoAnnotation a : annotations) {
            instances.add(new Instance(a, a.segmentation().toRle(image.height(), image.width())));
        }
        instances.sort(ORDER);
        LabelMap map = LabelMap.filled(image.width(), image.height(), 0);
        for (Instance i : instances) {
            int value = i.annotation().crowd() ? spec.ignoreIndex() : spec.trainId(i.annotation().categoryId());
            i.mask().paint(map, value);
        }
        return map;
    }
}

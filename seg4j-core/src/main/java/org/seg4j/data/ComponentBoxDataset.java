package org.seg4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.seg4j.BadInputException;
import org.seg4j.box.ConnectedComponents;
import org.seg4j.box.ConnectedComponents.Connectivity;
import org.seg4j.box.ObjectBox;
import org.seg4j.label.LabelSpec;

/**
 * A segmentation data set whose samples also carry object boxes derived from their labels: each connected
 * component ({@link ConnectedComponents}) of each chosen class with at least {@code minArea} pixels becomes an
 * {@link ObjectBox} (not difficult), after the boxes the sample already has. This gives real images with real boxes
 * where only per-pixel labels exist, e.g. CamVid cars and pedestrians. A component is what the labels show: an
 * object cut in two by a pole is two boxes, two touching cars are one.
 */
public final class ComponentBoxDataset implements SegmentationDataset {
    private final SegmentationDataset base;
    private final List<Integer> classIds;
    private final Connectivity connectivity;
    private final int minArea;

    /**
     * @param classIds training ids of the classes to box, each a class of the base's label spec
     * @param minArea the smallest component kept, in pixels (at least 1)
     */
    public ComponentBoxDataset(SegmentationDataset base, List<Integer> classIds, Connectivity connectivity,
            int minArea) {
        LabelSpec spec = base.labelSpec();
        for (int id : classIds) {
            if (id < 0 || id >= spec.numClasses()) {
                throw new IllegalArgumentException("class id " + id + " is not a class of label spec '"
                        + spec.name() + "' (0.." + (spec.numClasses() - 1) + ")");
            }
        }
        if (minArea < 1) {
            throw new IllegalArgumentException("minimum area must be at least 1 pixel, got " + minArea);
        }
        this.base = base;
        this.classIds = List.copyOf(classIds);
        this.connectivity = connectivity;
        this.minArea = minArea;
    }

    /** Boxes for the classes of those names in the base's label spec. */
    public static ComponentBoxDataset forClasses(SegmentationDataset base, List<String> classNames,
            Connectivity connectivity, int minArea) {
        List<Integer> ids = new ArrayList<>();
        for (String name : classNames) {
            int id = base.labelSpec().indexOf(name);
            if (id < 0) {
                throw new IllegalArgumentException("label spec '" + base.labelSpec().name() + "' has no class '"
                        + name + "'; it has " + base.labelSpec().classNames());
            }
            ids.add(id);
        }
        return new ComponentBoxDataset(base, ids, connectivity, minArea);
    }

    @Override
    public String name() {
        String classes = classIds.stream().map(id -> base.labelSpec().classNames().get(id))
                .collect(Collectors.joining(","));
        return base.name() + " with boxes of " + classes + " (" + (connectivity == Connectivity.FOUR ? "4" : "8")
                + "-connected, >= " + minArea + " px)";
    }

    @Override
    public LabelSpec labelSpec() {
        return base.labelSpec();
    }

    @Override
    public int size() {
        return base.size();
    }

    @Override
    public String id(int index) {
        return base.id(index);
    }

    /**
     * The base sample with the component boxes added.
     *
     * @throws BadInputException if the base sample has no label map to derive boxes from
     */
    @Override
    public Sample load(int index) {
        Sample s = base.load(index);
        if (s.label() == null) {
            throw new BadInputException(s.imageFile(), "sample " + s.id() + " has no label map to derive boxes from");
        }
        List<ObjectBox> boxes = new ArrayList<>(s.boxes());
        for (int id : classIds) {
            for (ConnectedComponents.Component c : ConnectedComponents.find(s.label(), id, connectivity, minArea)) {
                boxes.add(new ObjectBox(c.box(), id, false));
            }
        }
        return s.with(s.image(), s.label(), boxes);
    }
}

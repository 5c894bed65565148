package org.seg4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.seg4j.BadInputException;
import org.seg4j.label.LabelSpec;

/**
 * Plain image/mask folders: {@code DIR/image/} and {@code DIR/label/} with matching file names (extensions may
 * differ, e.g. {@code a.jpg} and {@code a.png}), as the ISBI 2012 membrane data is usually laid out. When a split is
 * named and {@code DIR/{split}/image} exists, that subfolder is used.
 */
public final class FolderDataset {
    private FolderDataset() {
    }

    public static SegmentationDataset open(Path root, String split, LabelSpec spec) {
        FileLists.requireDirectory(root);
        Path dir = split != null && Files.isDirectory(root.resolve(split).resolve("image")) ? root.resolve(split) : root;
        Path imageDir = dir.resolve("image");
        Path labelDir = dir.resolve("label");
        FileLists.requireDirectory(imageDir);
        FileLists.requireDirectory(labelDir);
        Map<String, Path> labels = new HashMap<>();
        for (Path label : FileLists.images(labelDir)) {
            labels.put(FileLists.stem(label), label);
        }
        List<LabelledPair> pairs = new ArrayList<>();
        for (Path image : FileLists.images(imageDir)) {
            String id = FileLists.stem(image);
            Path label = labels.get(id);
            if (label == null) {
                throw new BadInputException(image, "has no label file " + id + ".* in " + labelDir);
            }
            pairs.add(new LabelledPair(id, image, label));
        }
        pairs.sort(FolderDataset::naturalOrder);
        return new PairedFileDataset("folder:" + dir, spec, pairs);
    }

    /** Numeric file names sort by value (2 before 10), others alphabetically. */
    private static int naturalOrder(LabelledPair a, LabelledPair b) {
        boolean na = a.id().matches("\\d+");
        boolean nb = b.id().matches("\\d+");
        if (na && nb) {
            return new java.math.BigInteger(a.id()).compareTo(new java.math.BigInteger(b.id()));
        }
        return na != nb ? (na ? -1 : 1) : a.id().compareTo(b.id());
    }
}

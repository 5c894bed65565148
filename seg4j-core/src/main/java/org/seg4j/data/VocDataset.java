package org.seg4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seg4j.BadInputException;
import org.seg4j.box.ObjectBox;
import org.seg4j.label.LabelSpec;

/**
 * Pascal VOC 2012 segmentation in the VOCdevkit layout, rooted at the {@code VOC2012} folder:
 * <pre>
 * JPEGImages/&lt;id&gt;.jpg                     the image
 * SegmentationClass/&lt;id&gt;.png              palette PNG: index = class 0..20, 255 = ignore (object borders)
 * ImageSets/Segmentation/{split}.txt       one id per line (train, val, trainval); an id is a plain name, no folders
 * Annotations/&lt;id&gt;.xml                    object boxes ({@link VocAnnotations}); optional
 * </pre>
 * The split's list file is used when it exists. With no split (null), or when the folder has no {@code ImageSets}
 * at all (as in samples that ship only images and labels), every {@code SegmentationClass/*.png} is a sample, sorted
 * by id. A named split whose list file is missing while {@code ImageSets} exists is an error. Every listed id must
 * have its image and label file; this is checked when the data set is opened. A sample without an annotation file
 * has no boxes.
 */
public final class VocDataset extends PairedFileDataset {
    private final Path annotations;

    private VocDataset(String name, LabelSpec spec, List<LabelledPair> pairs, Path annotations) {
        super(name, spec, pairs);
        this.annotations = annotations;
    }

    /**
     * Opens a split of the VOC folder {@code root}.
     *
     * @param split {@code train}, {@code val}, {@code trainval} or another list in {@code ImageSets/Segmentation};
     *     null for every labelled image
     * @throws BadInputException naming the folder, list file or missing image/label file
     */
    public static VocDataset open(Path root, String split, LabelSpec spec) {
        FileLists.requireDirectory(root);
        Path images = root.resolve("JPEGImages");
        Path labels = root.resolve("SegmentationClass");
        List<LabelledPair> pairs = new ArrayList<>();
        for (String id : ids(root, split)) {
            LabelledPair pair = new LabelledPair(id, images.resolve(id + ".jpg"), labels.resolve(id + ".png"));
            requireFile(pair.imageFile(), id, split);
            requireFile(pair.labelFile(), id, split);
            pairs.add(pair);
        }
        return new VocDataset("voc:" + root + " (" + (split == null ? "all" : split) + ")", spec, pairs,
                root.resolve("Annotations"));
    }

    private static List<String> ids(Path root, String split) {
        Path imageSets = root.resolve("ImageSets");
        if (split != null) {
            Path list = imageSets.resolve("Segmentation").resolve(split + ".txt");
            if (Files.isRegularFile(list)) {
                return listedIds(list);
            }
            if (Files.exists(imageSets)) {
                throw new BadInputException(list, "split file of split '" + split + "' does not exist");
            }
        }
        return FileLists.images(root.resolve("SegmentationClass")).stream()
                .filter(p -> p.getFileName().toString().endsWith(".png")).map(FileLists::stem).toList();
    }

    private static List<String> listedIds(Path list) {
        List<String> ids = FileLists.lines(list);
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i).matches(".*\\s.*")) {
                throw new BadInputException(list, "line " + (i + 1) + " should hold one image id, got: " + ids.get(i));
            }
            DatasetPaths.requirePlainName(ids.get(i), list, "line " + (i + 1) + ": image id");
        }
        return ids;
    }

    private static void requireFile(Path file, String id, String split) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "file does not exist (sample " + id
                    + (split == null ? "" : " of split '" + split + "'") + ")");
        }
    }

    /**
     * Image, label in training ids, and the boxes of {@code Annotations/<id>.xml} (none if it is absent).
     *
     * @throws BadInputException also if a box lies outside the image ({@link BoxBounds})
     */
    @Override
    public Sample load(int index) {
        Sample s = super.load(index);
        List<ObjectBox> boxes = boxes(index);
        for (int i = 0; i < boxes.size(); i++) {
            BoxBounds.requireInside(annotations.resolve(id(index) + ".xml"), "object " + (i + 1) + " ("
                    + labelSpec().classNames().get(boxes.get(i).classId()) + ")", boxes.get(i).box(), s.width(),
                    s.height());
        }
        return s.with(s.image(), s.label(), boxes);
    }

    /** The boxes of sample {@code index} alone, without decoding any image: empty if it has no annotation file. */
    public List<ObjectBox> boxes(int index) {
        Path xml = annotations.resolve(id(index) + ".xml");
        return Files.exists(xml) ? VocAnnotations.read(xml, labelSpec()) : List.of();
    }
}

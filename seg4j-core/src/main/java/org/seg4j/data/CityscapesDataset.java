package org.seg4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.seg4j.BadInputException;
import org.seg4j.label.LabelSpec;

/**
 * Cityscapes fine annotations in the release layout (Cordts et al., CVPR 2016; cityscapesScripts):
 * <pre>
 * leftImg8bit/{split}/{city}/{city}_{seq}_{frame}_leftImg8bit.png      the image
 * gtFine/{split}/{city}/{city}_{seq}_{frame}_gtFine_labelIds.png       grey PNG of labelIds 0..33
 * </pre>
 * The sample id is {@code {city}_{seq}_{frame}}; samples are sorted by id. The labelIds are mapped to training ids
 * by the label spec (by default {@link org.seg4j.label.BuiltinLabelSpecs#cityscapes()}: 19 trainIds, the other
 * labelIds ignored). The other gtFine files ({@code _color.png}, {@code _instanceIds.png}, {@code _polygons.json})
 * are not read. Every image must have its labelIds file; this is checked when the data set is opened.
 */
public final class CityscapesDataset {
    private static final String IMAGE_SUFFIX = "_leftImg8bit.png";
    private static final String LABEL_SUFFIX = "_gtFine_labelIds.png";

    private CityscapesDataset() {
    }

    /**
     * Opens a split ({@code train}, {@code val}, {@code test}, or any folder under {@code leftImg8bit/}).
     *
     * @throws BadInputException naming the missing split folder, or the missing labelIds file of an image
     */
    public static SegmentationDataset open(Path root, String split, LabelSpec spec) {
        Objects.requireNonNull(split, "Cityscapes has no whole-folder reading: name a split");
        FileLists.requireDirectory(root);
        Path imageSplit = root.resolve("leftImg8bit").resolve(split);
        Path labelSplit = root.resolve("gtFine").resolve(split);
        FileLists.requireDirectory(imageSplit);
        List<LabelledPair> pairs = new ArrayList<>();
        for (Path cityDir : subdirectories(imageSplit)) {
            for (Path image : FileLists.images(cityDir)) {
                String file = image.getFileName().toString();
                if (!file.endsWith(IMAGE_SUFFIX)) {
                    continue;
                }
                String id = file.substring(0, file.length() - IMAGE_SUFFIX.length());
                Path label = labelSplit.resolve(cityDir.getFileName().toString()).resolve(id + LABEL_SUFFIX);
                if (!Files.isRegularFile(label)) {
                    throw new BadInputException(label, "file does not exist: the labelIds of image " + image);
                }
                pairs.add(new LabelledPair(id, image, label));
            }
        }
        if (pairs.isEmpty()) {
            throw new BadInputException(imageSplit, "no {city}/*" + IMAGE_SUFFIX + " images in this folder");
        }
        pairs.sort(Comparator.comparing(LabelledPair::id));
        return new PairedFileDataset("cityscapes:" + root + " (" + split + ")", spec, pairs);
    }

    private static List<Path> subdirectories(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir, "cannot list directory: " + e.getMessage(), e);
        }
    }
}

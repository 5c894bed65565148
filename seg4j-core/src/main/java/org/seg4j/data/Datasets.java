package org.seg4j.data;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seg4j.BadInputException;
import org.seg4j.label.BuiltinLabelSpecs;

/**
 * Opens a data set named {@code KIND:PATH}, the spelling the command line uses:
 * <ul>
 *   <li>{@code camvid:DIR} - the SegNet release of CamVid ({@link CamVidDataset}), default labels {@code camvid};</li>
 *   <li>{@code coco:FILE} - a COCO instances JSON ({@link CocoDataset}), default labels {@code coco};</li>
 *   <li>{@code folder:DIR} - {@code image/} and {@code label/} subfolders ({@link FolderDataset}), default labels
 *       {@code binary}.</li>
 *   <li>{@code voc:DIR} - Pascal VOC 2012's {@code VOC2012} folder ({@link VocDataset}), labels {@code voc}.</li>
 *   <li>{@code cityscapes:DIR} - Cityscapes gtFine ({@link CityscapesDataset}), labels {@code cityscapes}.</li>
 * </ul>
 * A split may end with a selector in brackets:
 * <ul>
 *   <li>an index range, {@code train[0:20]}: samples 0 (inclusive) to 20 (exclusive) of the split in the data set's
 *       order, to carve a validation split from a set that has none (e.g. the 24 labelled ISBI slices);</li>
 *   <li>a glob pattern on sample ids, {@code train[0006R0_*]}, or its complement, {@code train[!0006R0_*]}: e.g. one
 *       CamVid drive (ids start with the sequence name) held out of training, a validation split that shares no scene
 *       with the training images.</li>
 * </ul>
 * An empty split name before the brackets ({@code [20:24]}) selects from the format's default split.
 */
public final class Datasets {
    private static final Pattern RANGE = Pattern.compile("(.*)\\[(\\d*):(\\d*)\\]");
    private static final Pattern IDS = Pattern.compile("(.*)\\[(!?[A-Za-z0-9_.*?-]+)\\]");
    private Datasets() {
    }

    /** The kinds {@link #open} understands. */
    public static List<String> kinds() {
        return List.of("voc", "cityscapes", "coco", "camvid", "folder");
    }

    public static SegmentationDataset open(String kindAndPath, DatasetOptions options) {
        Matcher range = options.split() == null ? null : RANGE.matcher(options.split());
        if (range != null && range.matches()) {
            String split = range.group(1).isEmpty() ? null : range.group(1);
            SegmentationDataset whole = open(kindAndPath, new DatasetOptions(split, options.labels(), options.images()));
            int from = range.group(2).isEmpty() ? 0 : Integer.parseInt(range.group(2));
            int to = range.group(3).isEmpty() ? whole.size() : Integer.parseInt(range.group(3));
            return SubsetDataset.range(whole, from, to);
        }
        Matcher ids = options.split() == null ? null : IDS.matcher(options.split());
        if (ids != null && ids.matches()) {
            String split = ids.group(1).isEmpty() ? null : ids.group(1);
            return SubsetDataset.matching(openWhole(kindAndPath, new DatasetOptions(split, options.labels(),
                    options.images())), ids.group(2));
        }
        return openWhole(kindAndPath, options);
    }

    private static SegmentationDataset openWhole(String kindAndPath, DatasetOptions options) {
        int colon = kindAndPath.indexOf(':');
        if (colon <= 0 || colon == kindAndPath.length() - 1) {
            throw new BadInputException(null, "data set '" + kindAndPath + "' must be written KIND:PATH with KIND one of "
                    + String.join(", ", kinds()));
        }
        String kind = kindAndPath.substring(0, colon);
        Path path = Path.of(kindAndPath.substring(colon + 1));
        return switch (kind) {
            case "camvid" -> CamVidDataset.open(path, options.splitOr("train"),
                    options.labelsOr(BuiltinLabelSpecs.camvid()));
            case "coco" -> CocoDataset.open(path, options.images(), options.labelsOr(BuiltinLabelSpecs.coco()));
            case "folder" -> FolderDataset.open(path, options.split(), options.labelsOr(BuiltinLabelSpecs.binary()));
            case "voc" -> VocDataset.open(path, options.splitOr("train"),
                    options.labelsOr(BuiltinLabelSpecs.voc()));
            case "cityscapes" -> CityscapesDataset.open(path, options.splitOr("train"),
                    options.labelsOr(BuiltinLabelSpecs.cityscapes()));
            default -> throw new BadInputException(null, "unknown data set kind '" + kind + "' in '" + kindAndPath
                    + "': expected one of " + String.join(", ", kinds()));
        };
    }
}

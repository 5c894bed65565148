package org.seg4j.spark;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.seg4j.data.DatasetOptions;
import org.seg4j.data.Datasets;
import org.seg4j.data.SegmentationDataset;
import org.seg4j.label.LabelSpecJson;

/**
 * A data set named as on the command line, in a form a Spark task carries to its executor, which opens it there.
 *
 * @param kindAndPath {@code KIND:PATH} as {@link Datasets#open} takes it
 * @param split       split name (with an optional {@code [from:to]} range); null = the format's default
 * @param labels      label spec: a built-in name or a JSON file; null = the data set's own
 * @param images      image folder of a COCO data set when not beside its JSON; null = beside it
 */
public record DatasetSource(String kindAndPath, String split, String labels, String images) implements Serializable {
    /** Opens the data set (reads its index; samples are decoded on demand). */
    public SegmentationDataset open() {
        DatasetOptions options = DatasetOptions.split(split).withImages(images == null ? null : Path.of(images));
        return Datasets.open(kindAndPath, labels == null ? options : options.withLabels(LabelSpecJson.resolve(labels)));
    }

    /**
     * The same data set with every path made absolute against this process's working directory, so that executors,
     * whose working directories differ, find the same files (on a shared file system).
     */
    public DatasetSource absolute() {
        int colon = kindAndPath.indexOf(':');
        String kind = colon < 0 ? kindAndPath : kindAndPath.substring(0, colon + 1) + absolute(kindAndPath.substring(colon + 1));
        String spec = labels != null && Files.isRegularFile(Path.of(labels)) ? absolute(labels) : labels;
        return new DatasetSource(kind, split, spec, images == null ? null : absolute(images));
    }

    private static String absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize().toString();
    }
}

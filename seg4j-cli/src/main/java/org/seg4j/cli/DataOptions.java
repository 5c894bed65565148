package org.seg4j.cli;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.seg4j.data.SampleReader;
import org.seg4j.data.SegmentationDataset;
import org.seg4j.spark.DatasetSource;
import picocli.CommandLine.Option;

/** The options that name a data set, shared by every command that reads one. */
final class DataOptions {
    @Option(names = "--data", required = true, paramLabel = "KIND:PATH",
            description = "Data set: voc:DIR, cityscapes:DIR, coco:ANNOTATIONS_JSON, camvid:DIR or folder:DIR.")
    String data;

    @Option(names = "--split", paramLabel = "NAME",
            description = "Split to read (train, val, ...); the format's default when omitted.")
    String split;

    @Option(names = "--labels", paramLabel = "SPEC",
            description = "Label spec: voc, cityscapes, coco, cocostuff, camvid, binary, isbi, or a JSON file. "
                    + "Default: the data set's own.")
    String labels;

    @Option(names = "--images", paramLabel = "DIR", description = "Image folder, for COCO when not beside the JSON.")
    Path images;

    @Option(names = "--on-bad-sample", paramLabel = "fail|skip", defaultValue = "fail",
            description = "Stop at a bad sample (fail, the default) or skip and count it (skip).")
    SampleReader.OnBadSample onBadSample;

    SegmentationDataset open() {
        return source().open();
    }

    /** The data set these options name, in the form a Spark task carries to its executor. */
    DatasetSource source() {
        return new DatasetSource(data, split, labels, images == null ? null : images.toString());
    }

    SampleReader reader() {
        return reader(UnaryOperator.identity());
    }

    /** A reader of the data set as {@code view} presents it (e.g. with boxes derived from its labels). */
    SampleReader reader(UnaryOperator<SegmentationDataset> view) {
        return new SampleReader(view.apply(open()), onBadSample);
    }
}

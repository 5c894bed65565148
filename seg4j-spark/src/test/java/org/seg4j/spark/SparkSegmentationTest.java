package org.seg4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;
import org.seg4j.testing.SharedData;

/** Spark prediction in local[2] against the same model run directly, image by image. */
class SparkSegmentationTest extends LocalSpark {
    private static final Path MODEL = SharedData.repoRoot().resolve("models/camvid-unet.seg4j");
    private static final Path IMAGES = SharedData.repoRoot().resolve("demo/camvid/val");

    @TempDir
    Path tmp;

    @Test
    void predictWritesTheDirectSegmentersLabelsAndOneRowPerImage() throws Exception {
        Path input = Files.createDirectories(tmp.resolve("in"));
        List<Path> images = demoImages();
        for (Path image : images) {
            Files.copy(image, input.resolve(image.getFileName()));
        }
        Files.write(input.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Path out = tmp.resolve("out");

        PredictJob.Summary summary = PredictJob.run(spark, input.toString(), MODEL.toString(), out,
                SegmentOptions.defaults().withBatchSize(3));

        assertThat(summary.images()).isEqualTo(images.size() + 1);
        assertThat(summary.errors()).isEqualTo(1);
        List<Row> rows = spark.read().parquet(out.resolve("table").toString()).collectAsList();
        assertThat(rows).hasSize(images.size() + 1);
        try (SegmentationModel model = SegmentationModel.open(MODEL)) {
            Segmenter direct = Segmenter.of(model);
            for (Path image : images) {
                LabelMap expected = direct.segment(image).labels();
                Path labelFile = out.resolve("labels").resolve(image.getFileName());
                assertThat(ImageFiles.readLabels(labelFile)).as(labelFile.toString()).isEqualTo(expected);
                Row row = rows.stream().filter(r -> r.<String>getAs("path").endsWith("/" + image.getFileName()))
                        .findFirst().orElseThrow();
                assertThat(row.<Integer>getAs("width")).isEqualTo(expected.width());
                assertThat(row.<Integer>getAs("height")).isEqualTo(expected.height());
                assertThat(classPixels(row)).containsExactly(histogram(expected, model.labels().numClasses()));
                assertThat(row.<String>getAs("label_file")).isEqualTo(labelFile.toAbsolutePath().toString());
                assertThat(row.<String>getAs("error")).isNull();
            }
        }
        Row broken = rows.stream().filter(r -> r.<String>getAs("path").endsWith("/broken.png")).findFirst()
                .orElseThrow();
        assertThat(broken.<String>getAs("error")).isNotBlank();
        assertThat(broken.<Object>getAs("width")).isNull();
        assertThat(broken.<Object>getAs("label_file")).isNull();
        try (Stream<Path> written = Files.list(out.resolve("labels"))) {
            assertThat(written.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("one label PNG per readable image, no staging left")
                    .isEqualTo(images.stream().map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void resultKeepsTheClassNamesInTheColumnMetadata() throws Exception {
        var result = SparkSegmentation.segment(SparkSegmentation.readImages(spark, IMAGES.toString()),
                MODEL.toString(), SegmentOptions.defaults());
        try (SegmentationModel model = SegmentationModel.open(MODEL)) {
            assertThat(result.schema().apply("class_pixels").metadata().getStringArray("classes"))
                    .containsExactlyElementsOf(model.labels().classNames());
        }
    }

    @Test
    void anExistingTableIsRefused() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out/table"));
        assertThatThrownBy(() -> PredictJob.run(spark, IMAGES.toString(), MODEL.toString(), out.getParent(),
                SegmentOptions.defaults()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("already exists");
    }

    @Test
    void aMissingInputIsRefused() {
        assertThatThrownBy(() -> PredictJob.run(spark, tmp.resolve("nothing").toString(), MODEL.toString(),
                tmp.resolve("out"), SegmentOptions.defaults()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("nothing");
    }

    @Test
    void imagesThatWouldShareALabelFileAreRefused() throws Exception {
        Path image = demoImages().get(0);
        Files.createDirectories(tmp.resolve("a"));
        Files.createDirectories(tmp.resolve("b"));
        Files.copy(image, tmp.resolve("a/x.png"));
        Files.copy(image, tmp.resolve("b/x.png"));
        assertThatThrownBy(() -> PredictJob.run(spark, tmp + "/*/x.png", MODEL.toString(), tmp.resolve("out"),
                SegmentOptions.defaults()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("x.png");
    }

    @Test
    void aTableWithoutContentIsRefused() {
        var paths = spark.createDataset(List.of("a.png"), org.apache.spark.sql.Encoders.STRING()).toDF("path");
        assertThatThrownBy(() -> SparkSegmentation.segment(paths, MODEL.toString(), SegmentOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content");
    }

    static List<Path> demoImages() throws Exception {
        try (Stream<Path> files = Files.list(IMAGES)) {
            return files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
    }

    static long[] classPixels(Row row) {
        return row.<Long>getList(row.fieldIndex("class_pixels")).stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] histogram(LabelMap labels, int numClasses) {
        long[] all = labels.histogram();
        return java.util.Arrays.copyOf(all, numClasses);
    }
}

package org.seg4j.spark;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.seg4j.BadInputException;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.io.ModelFile;

/**
 * Segmentation as a Spark transformation, for jobs of your own:
 * <pre>{@code
 * Dataset<Row> images = SparkSegmentation.readImages(spark, "/data/streets/*.png");
 * Dataset<Row> results = SparkSegmentation.segment(images, "models/camvid-unet.seg4j",
 *         SegmentOptions.defaults().withLabels(Path.of("/out/labels")));
 * results.write().parquet("/out/table");
 * }</pre>
 * The input needs a string column {@code path} and a binary column {@code content} (the encoded image), as Spark's
 * {@code binaryFile} source gives them. The result has one row per input row ({@link #schema}). Each executor JVM
 * opens the model once ({@link ExecutorModels}) and segments its partitions in batches; an image that does not
 * decode is a row with its {@code error}, not a failed task.
 */
public final class SparkSegmentation {
    private SparkSegmentation() {
    }

    /**
     * The result table: {@code path}; {@code width}, {@code height} of the image; {@code class_pixels}, the number of
     * pixels labelled with each class, indexed by training id (the class names are in the column's metadata under
     * {@code classes}); {@code inference_ms}, the image's share of its batch's segmentation time; {@code label_file},
     * the committed label PNG (null when none is written); {@code error}, why the image could not be segmented (null
     * when it was; the other columns but {@code path} are then null).
     */
    public static StructType schema(LabelSpec labels) {
        Metadata classes = new MetadataBuilder()
                .putStringArray("classes", labels.classNames().toArray(String[]::new)).build();
        return new StructType(new StructField[] {
            new StructField("path", DataTypes.StringType, false, Metadata.empty()),
            new StructField("width", DataTypes.IntegerType, true, Metadata.empty()),
            new StructField("height", DataTypes.IntegerType, true, Metadata.empty()),
            new StructField("class_pixels", DataTypes.createArrayType(DataTypes.LongType, false), true, classes),
            new StructField("inference_ms", DataTypes.DoubleType, true, Metadata.empty()),
            new StructField("label_file", DataTypes.StringType, true, Metadata.empty()),
            new StructField("error", DataTypes.StringType, true, Metadata.empty()),
        });
    }

    /**
     * The image files of a folder (PNG, JPEG and BMP by extension) or of a glob pattern (every match), as Spark's
     * {@code binaryFile} source reads them: {@code path}, {@code modificationTime}, {@code length}, {@code content}.
     */
    public static Dataset<Row> readImages(SparkSession spark, String folderOrGlob) {
        boolean glob = folderOrGlob.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
        var reader = spark.read().format("binaryFile");
        if (!glob) {
            reader = reader.option("pathGlobFilter", "*.{png,PNG,jpg,JPG,jpeg,JPEG,bmp,BMP}");
        }
        return reader.load(folderOrGlob);
    }

    /**
     * Segments every image of {@code images} with the model of {@code modelFile} (lazily: nothing runs until the
     * result is written or collected).
     *
     * @param modelFile a seg4j model file, at this path on the driver and on every executor (a shared file system), or
     *                  shipped to the executors under its file name ({@code spark-submit --files})
     * @throws BadInputException if the model file is not a seg4j model, or label PNGs are asked for and two images
     *                           have the same file name (they would share a label file)
     * @throws IllegalArgumentException if {@code images} lacks a string {@code path} or binary {@code content} column
     */
    public static Dataset<Row> segment(Dataset<Row> images, String modelFile, SegmentOptions options) {
        requireColumn(images, "path", DataTypes.StringType);
        requireColumn(images, "content", DataTypes.BinaryType);
        Path model = Path.of(modelFile).toAbsolutePath();
        LabelSpec labels = ModelFile.read(model).card().labels();
        if (options.labelFolder() != null) {
            requireDistinctNames(images);
        }
        StructType schema = schema(labels);
        Dataset<Row> results = images.select(col("path"), col("content"))
                .mapPartitions(new PartitionSegmenter(model.toString(), options), Encoders.row(schema));
        // the encoder keeps the types but not the metadata: put the class names back on their column
        return results.withColumn("class_pixels",
                col("class_pixels").as("class_pixels", schema.apply("class_pixels").metadata()));
    }

    private static void requireColumn(Dataset<Row> images, String name, org.apache.spark.sql.types.DataType type) {
        StructType schema = images.schema();
        if (!List.of(schema.fieldNames()).contains(name) || !schema.apply(name).dataType().equals(type)) {
            throw new IllegalArgumentException("the images need a " + type.simpleString().toLowerCase(Locale.ROOT)
                    + " column '" + name + "' (as Spark's binaryFile source gives); they have " + schema.simpleString());
        }
    }

    /** Refuses images that would share a label file (same file name in different folders). */
    private static void requireDistinctNames(Dataset<Row> images) {
        List<Row> clash = images.select(col("path")).as(Encoders.STRING())
                .map((MapFunction<String, String>) LabelCommit::nameOf, Encoders.STRING())
                .groupBy("value").count().filter(col("count").gt(1)).limit(1).collectAsList();
        if (!clash.isEmpty()) {
            throw new BadInputException(null, clash.get(0).getLong(1) + " input images would share the label file "
                    + clash.get(0).getString(0) + "; give images with distinct file names");
        }
    }
}

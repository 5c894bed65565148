package org.seg4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.coco.CocoAnnotation;
import org.seg4j.data.coco.CocoImage;
import org.seg4j.data.coco.CocoPolygons;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.label.BuiltinLabelSpecs;
import org.seg4j.testing.SharedData;

class CocoDatasetTest {
    @TempDir
    Path tmp;

    private static CocoDataset tinyCoco() {
        Path root = SharedData.require("coco2017-tiny");
        return (CocoDataset) Datasets.open("coco:" + root.resolve("annotations/instances_train2017.json"),
                DatasetOptions.split(null));
    }

    /**
     * COCO's {@code area} of a polygon annotation is the polygon's exact (shoelace) area; the rasterized pixel count
     * differs only along the boundary. Measured on the 699 polygon annotations: |pixels - area| <= 0.195 x perimeter,
     * at most 2.05% for areas >= 1000 px, and the totals (6 341 063 px vs 6 341 057.5) differ by 1e-6.
     */
    @Test
    void polygonPixelCountsMatchCocoAreasUpToTheBoundary() {
        CocoDataset ds = tinyCoco();
        assertThat(ds.size()).isEqualTo(80);
        assertThat(ds.imageDir()).isEqualTo(SharedData.require("coco2017-tiny").resolve("train2017").toAbsolutePath());
        int polygons = 0;
        double pixels = 0;
        double area = 0;
        for (int i = 0; i < ds.size(); i++) {
            CocoImage image = ds.image(i);
            for (CocoAnnotation a : ds.annotations(i)) {
                if (a.crowd()) {
                    continue;
                }
                long count = a.segmentation().toRle(image.height(), image.width()).area();
                double perimeter = perimeter((CocoPolygons) a.segmentation());
                assertThat(Math.abs(count - a.area())).as("annotation %d", a.id())
                        .isLessThanOrEqualTo(0.25 * perimeter);
                if (a.area() >= 1000) {
                    assertThat(count / a.area()).as("annotation %d", a.id()).isBetween(0.97, 1.03);
                }
                polygons++;
                pixels += count;
                area += a.area();
            }
        }
        assertThat(polygons).isEqualTo(699);
        assertThat(pixels / area).isBetween(1 - 1e-5, 1 + 1e-5);
    }

    /**
     * Crowd masks checked against the raw JSON, read independently: the painted pixels number the sum of the
     * odd-indexed counts, and span exactly the annotation's bbox (COCO writes crowd boxes as [xmin, ymin, xmax - xmin,
     * ymax - ymin]), which a row-major reading would not. Note: COCO's {@code area} for these 6 regions is 1.3% to 33%
     * larger than their pixel count, so it is no check of the mask.
     */
    @Test
    void crowdRegionsDecodeColumnMajorToTheirBoxesAndBecomeIgnore() throws Exception {
        CocoDataset ds = tinyCoco();
        JsonNode root = new ObjectMapper().readTree(ds.annotationFile().toFile());
        Map<Long, JsonNode> crowdById = new HashMap<>();
        for (JsonNode a : root.get("annotations")) {
            if (a.get("iscrowd").asInt() == 1) {
                crowdById.put(a.get("id").asLong(), a);
            }
        }
        assertThat(crowdById).hasSize(6);
        int seen = 0;
        for (int i = 0; i < ds.size(); i++) {
            CocoImage image = ds.image(i);
            for (CocoAnnotation a : ds.annotations(i)) {
                if (!a.crowd()) {
                    continue;
                }
                JsonNode raw = crowdById.get(a.id());
                long ones = 0;
                JsonNode counts = raw.get("segmentation").get("counts");
                for (int k = 1; k < counts.size(); k += 2) {
                    ones += counts.get(k).asLong();
                }
                LabelMap alone = LabelMap.filled(image.width(), image.height(), 0);
                a.segmentation().toRle(image.height(), image.width()).paint(alone, 1);
                assertThat(alone.histogram()[1]).isEqualTo(ones);
                int[] extent = extent(alone);
                JsonNode bbox = raw.get("bbox");
                assertThat(extent).containsExactly(bbox.get(0).asInt(), bbox.get(1).asInt(),
                        bbox.get(0).asInt() + bbox.get(2).asInt(), bbox.get(1).asInt() + bbox.get(3).asInt());
                assertThat(ds.mask(i).histogram()[255]).isPositive();
                seen++;
            }
        }
        assertThat(seen).isEqualTo(6);
    }

    @Test
    void everyImageLoadsWithValidLabelsAndBoxes() {
        CocoDataset ds = tinyCoco();
        int boxes = 0;
        for (int i = 0; i < ds.size(); i++) {
            Sample s = ds.load(i);
            assertThat(s.id()).isEqualTo(ds.image(i).fileName().replace(".jpg", ""));
            long[] h = s.label().histogram();
            for (int v = 81; v < 255; v++) {
                assertThat(h[v]).as("image %s value %d", s.id(), v).isZero();
            }
            assertThat(h[0]).isPositive();
            for (CocoAnnotation a : ds.annotations(i)) {
                int trainId = ds.labelSpec().trainId(a.categoryId());
                assertThat(trainId).isBetween(1, 80);
                if (!a.crowd()) {
                    assertThat(s.boxes()).contains(new ObjectBox(
                            new Box(a.x(), a.y(), a.x() + a.width(), a.y() + a.height()), trainId, false));
                }
            }
            boxes += s.boxes().size();
        }
        assertThat(boxes).isEqualTo(705);
    }

    @Test
    void rasterizingAllEightyImagesIsFast() {
        CocoDataset ds = tinyCoco();
        ds.mask(0);
        long start = System.nanoTime();
        long labelled = 0;
        for (int i = 0; i < ds.size(); i++) {
            labelled += ds.mask(i).width();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(labelled).isPositive();
        assertThat(seconds).isLessThan(3.0);
    }

    /**
     * labelme's own export of the same polygons, drawn by PIL into SegmentationClass/: apart from boundary pixels and
     * overlap order the two agree (measured 99.36% to 99.66% of the non-ignore pixels).
     */
    @Test
    void labelmeCocoExportLoadsAndAgreesWithItsVocMasks() {
        Path root = SharedData.require("labelme-voc2011-sample");
        SegmentationDataset ds = Datasets.open("coco:" + root.resolve("coco/annotations.json"),
                DatasetOptions.split(null).withLabels(BuiltinLabelSpecs.voc()));
        assertThat(ds.size()).isEqualTo(3);
        for (int i = 0; i < ds.size(); i++) {
            Sample s = ds.load(i);
            LabelMap voc = ImageFiles.readLabels(root.resolve("SegmentationClass/" + s.id() + ".png"));
            int same = 0;
            int compared = 0;
            for (int p = 0; p < voc.data().length; p++) {
                int v = voc.data()[p] & 0xFF;
                if (v != 255) {
                    compared++;
                    same += (s.label().data()[p] & 0xFF) == v ? 1 : 0;
                }
            }
            assertThat(same / (double) compared).as(s.id()).isGreaterThan(0.99);
        }
        assertThat(ds.load(0).boxes()).extracting(ObjectBox::classId).containsExactlyInAnyOrder(15, 15, 5);
    }

    /**
     * Painting order on a 10x10 image: a person covering columns 0..7, a car (cols 2..4, rows 2..4) on it, two
     * equal-area boxes overlapping in column 6 (the higher id wins), and a crowd (compressed RLE "V2n0" = counts
     * [70, 30], columns 7..9) under everything: only columns 8..9 become ignore.
     */
    @Test
    void overlapsPaintCrowdFirstThenLargerUnderSmallerThenHigherIdOnTop() throws Exception {
        Path dir = tmp.resolve("toy");
        ImageFiles.writeRgb(dir.resolve("a.png"), RgbImage.blank(10, 10));
        String json = """
                {"images": [{"id": 1, "file_name": "a.png", "width": 10, "height": 10}],
                 "annotations": [
                  {"id": 5, "image_id": 1, "category_id": 4, "bbox": [6, 6, 2, 2], "iscrowd": 0,
                   "segmentation": [[6, 6, 8, 6, 8, 8, 6, 8]]},
                  {"id": 2, "image_id": 1, "category_id": 3, "bbox": [2, 2, 3, 3], "iscrowd": 0,
                   "segmentation": [[2, 2, 5, 2, 5, 5, 2, 5]]},
                  {"id": 9, "image_id": 1, "category_id": 1, "bbox": [7, 0, 3, 10], "iscrowd": 1,
                   "segmentation": {"size": [10, 10], "counts": "V2n0"}},
                  {"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 8, 10], "iscrowd": 0,
                   "segmentation": [[0, 0, 8, 0, 8, 10, 0, 10]]},
                  {"id": 4, "image_id": 1, "category_id": 2, "bbox": [5, 6, 0, 2], "iscrowd": 0,
                   "segmentation": [[5, 6, 7, 6, 7, 8, 5, 8]]}]}
                """;
        Files.writeString(dir.resolve("instances.json"), json);
        CocoDataset ds = CocoDataset.open(dir.resolve("instances.json"), null, BuiltinLabelSpecs.coco());
        Sample s = ds.load(0);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                int expected = x >= 8 ? 255 : 1;
                if (x >= 2 && x <= 4 && y >= 2 && y <= 4) {
                    expected = 3;
                }
                if (y >= 6 && y <= 7 && x >= 5 && x <= 7) {
                    expected = x == 5 ? 2 : 4;
                }
                assertThat(s.label().get(x, y)).as("(%d,%d)", x, y).isEqualTo(expected);
            }
        }
        assertThat(s.boxes()).containsExactlyInAnyOrder(
                new ObjectBox(new Box(6, 6, 8, 8), 4, false),
                new ObjectBox(new Box(2, 2, 5, 5), 3, false),
                new ObjectBox(new Box(7, 0, 10, 10), 1, true),
                new ObjectBox(new Box(0, 0, 8, 10), 1, false));
        assertThat(s.labelFile()).isEqualTo(dir.resolve("instances.json"));
    }

    @Test
    void imageFolderFollowsTheCocoLayoutOrTheJsonFolderOrTheOption() throws Exception {
        Files.createDirectories(tmp.resolve("coco/val2017"));
        Path official = writeJson(tmp.resolve("coco/annotations/instances_val2017.json"), "[]");
        assertThat(CocoDataset.open(official, null, BuiltinLabelSpecs.coco()).imageDir())
                .isEqualTo(tmp.resolve("coco/val2017").toAbsolutePath());
        Path plain = writeJson(tmp.resolve("mine/labels.json"), "[]");
        assertThat(CocoDataset.open(plain, null, BuiltinLabelSpecs.coco()).imageDir())
                .isEqualTo(tmp.resolve("mine").toAbsolutePath());
        Path elsewhere = Files.createDirectories(tmp.resolve("pictures"));
        assertThat(((CocoDataset) Datasets.open("coco:" + official,
                DatasetOptions.split(null).withImages(elsewhere))).imageDir()).isEqualTo(elsewhere);
        assertThat(Datasets.kinds()).contains("coco");

        Path noImages = writeJson(tmp.resolve("other/annotations/instances_train2017.json"), "[]");
        assertThatThrownBy(() -> CocoDataset.open(noImages, null, BuiltinLabelSpecs.coco()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(tmp.resolve("other/train2017").toString())
                .hasMessageContaining("image folder of " + noImages);
    }

    @Test
    void malformedJsonIsReportedWithItsLine() throws Exception {
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, "{\n  \"images\": [\n    {\"id\": 1,, \"file_name\": \"a.png\"}\n  ]\n}\n");
        assertThatThrownBy(() -> CocoDataset.open(file, tmp, BuiltinLabelSpecs.coco()))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": malformed JSON")
                .hasMessageContaining("line 3");
        Files.writeString(file, "");
        assertThatThrownBy(() -> CocoDataset.open(file, tmp, BuiltinLabelSpecs.coco())).hasMessageContaining("empty");
        assertThatThrownBy(() -> CocoDataset.open(tmp.resolve("none.json"), tmp, BuiltinLabelSpecs.coco()))
                .hasMessageContaining("none.json: file does not exist");
    }

    @Test
    void missingKeysNameTheEntry() throws Exception {
        Path file = writeJson(tmp.resolve("a.json"), """
                [{"id": 7, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1]}]""");
        assertThatThrownBy(() -> CocoDataset.open(file, tmp, BuiltinLabelSpecs.coco()))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": annotation id 7 (annotations[0]): missing key \"segmentation\"");
        Files.writeString(file,
                "{\"images\": [{\"id\": 3, \"file_name\": \"a.png\", \"height\": 2}], \"annotations\": []}");
        assertThatThrownBy(() -> CocoDataset.open(file, tmp, BuiltinLabelSpecs.coco()))
                .hasMessage(file + ": images[0] (id 3): missing key \"width\"");
        Files.writeString(file, "{\"images\": []}");
        assertThatThrownBy(() -> CocoDataset.open(file, tmp, BuiltinLabelSpecs.coco()))
                .hasMessage(file + ": missing key \"annotations\" at the top level");
    }

    @Test
    void unknownImagesAndCategoriesAreRejected() throws Exception {
        Path file = writeJson(tmp.resolve("a.json"), """
                [{"id": 7, "image_id": 99, "category_id": 1, "bbox": [0, 0, 1, 1], "segmentation": []}]""");
        assertThatThrownBy(() -> CocoDataset.open(file, tmp, BuiltinLabelSpecs.coco()))
                .hasMessage(file + ": annotation id 7: image_id 99 is not among the images");
        writeJson(file, """
                [{"id": 8, "image_id": 1, "category_id": 12, "bbox": [0, 0, 1, 1], "segmentation": []}]""");
        assertThatThrownBy(() -> CocoDataset.open(file, tmp, BuiltinLabelSpecs.coco()))
                .hasMessage(file + ": annotation id 8 (annotations[0]): category_id 12 is not a class of label spec "
                        + "'coco'");
        Files.writeString(file, "{\"images\": [" + IMAGE + ", " + IMAGE + "], \"annotations\": []}");
        assertThatThrownBy(() -> CocoDataset.open(file, tmp, BuiltinLabelSpecs.coco()))
                .hasMessageContaining("image id 1 is used twice");
    }

    @Test
    void rleWhoseCountsOrSizeDoNotFitIsRejected() throws Exception {
        Path file = writeJson(tmp.resolve("a.json"), """
                [{"id": 7, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "iscrowd": 1,
                  "segmentation": {"size": [4, 5], "counts": [3, 4, 5]}}]""");
        assertThatThrownBy(() -> CocoDataset.open(file, tmp, BuiltinLabelSpecs.coco()))
                .hasMessage(file + ": annotation id 7 (annotations[0]): RLE counts sum to 12 but size [4, 5] has 20 "
                        + "pixels");
        writeJson(file, """
                [{"id": 7, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "iscrowd": 1,
                  "segmentation": {"size": [5, 4], "counts": [3, 4, 13]}}]""");
        assertThatThrownBy(() -> CocoDataset.open(file, tmp, BuiltinLabelSpecs.coco()))
                .hasMessageContaining("annotation id 7: RLE size [5, 4] differs from image id 1's");
        writeJson(file, """
                [{"id": 7, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "iscrowd": 1,
                  "segmentation": {"size": [4, 5], "counts": "b1"}}]""");
        assertThatThrownBy(() -> CocoDataset.open(file, tmp, BuiltinLabelSpecs.coco()))
                .hasMessageContaining("annotation id 7 (annotations[0]): RLE counts sum to 50");
    }

    @Test
    void missingOrMisSizedImagesAreNamedWithTheirJsonAndId() throws Exception {
        Path file = writeJson(tmp.resolve("a.json"), "[]");
        CocoDataset ds = CocoDataset.open(file, tmp, BuiltinLabelSpecs.coco());
        assertThatThrownBy(() -> ds.load(0)).isInstanceOf(BadInputException.class)
                .hasMessage(tmp.resolve("a.png") + ": file does not exist (image id 1 of " + file + ")");
        ImageFiles.writeRgb(tmp.resolve("a.png"), RgbImage.blank(5, 3));
        assertThatThrownBy(() -> ds.load(0))
                .hasMessage(tmp.resolve("a.png") + ": image is 5x3 but " + file + " gives image id 1 as 5x4");
        ImageFiles.writeRgb(tmp.resolve("a.png"), RgbImage.blank(5, 4));
        assertThat(ds.load(0).label()).isEqualTo(LabelMap.filled(5, 4, 0));
    }

    private static final String IMAGE = "{\"id\": 1, \"file_name\": \"a.png\", \"width\": 5, \"height\": 4}";

    private static Path writeJson(Path file, String annotations) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"images\": [" + IMAGE + "], \"annotations\": " + annotations + "}");
        return file;
    }

    private static double perimeter(CocoPolygons polygons) {
        double sum = 0;
        for (double[] p : polygons.polygons()) {
            int n = p.length / 2;
            for (int j = 0; j < n; j++) {
                int k = (j + 1) % n;
                sum += Math.hypot(p[2 * k] - p[2 * j], p[2 * k + 1] - p[2 * j + 1]);
            }
        }
        return sum;
    }

    /** {xmin, ymin, xmax, ymax} of the set pixels. */
    private static int[] extent(LabelMap map) {
        int[] e = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                if (map.get(x, y) != 0) {
                    e[0] = Math.min(e[0], x);
                    e[1] = Math.min(e[1], y);
                    e[2] = Math.max(e[2], x);
                    e[3] = Math.max(e[3], y);
                }
            }
        }
        return e;
    }

    /** Issue 13, item 7: vertices near 1e30 or 2^40 overflowed the rasterizer (NegativeArraySizeException). */
    @Test
    void polygonVerticesFarOutsideTheImageAreRefused() throws Exception {
        Path json = tmp.resolve("far.json");
        for (String c : new String[] {"1e30", "1099511627776", "-33"}) {
            Files.writeString(json, "{\"images\":[{\"id\":1,\"file_name\":\"a.png\",\"width\":16,\"height\":16}],"
                    + "\"annotations\":[{\"id\":5,\"image_id\":1,\"category_id\":1,\"bbox\":[0,0,2,2],"
                    + "\"segmentation\":[[0,0,2,0,2,2],[0,0," + c + ",0,2,2]]}]}");
            assertThatThrownBy(() -> CocoDataset.open(json, tmp, BuiltinLabelSpecs.coco()))
                    .isInstanceOf(BadInputException.class).hasMessageStartingWith(json + ": annotation id 5: "
                            + "segmentation polygon 1, vertex 1 (" + Double.parseDouble(c) + ", 0.0) lies more than");
        }
        // one image size outside is still read, and rasterizes to the clipped mask
        Files.writeString(json, "{\"images\":[{\"id\":1,\"file_name\":\"a.png\",\"width\":16,\"height\":16}],"
                + "\"annotations\":[{\"id\":5,\"image_id\":1,\"category_id\":1,\"bbox\":[0,0,16,16],"
                + "\"segmentation\":[[-16,-16,32,-16,32,32,-16,32]]}]}");
        LabelMap mask = CocoDataset.open(json, tmp, BuiltinLabelSpecs.coco()).mask(0);
        assertThat(mask.get(0, 0)).isEqualTo(mask.get(15, 15)).isEqualTo(BuiltinLabelSpecs.coco().trainId(1));
    }
}


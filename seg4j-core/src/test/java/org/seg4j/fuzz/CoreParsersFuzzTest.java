package org.seg4j.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.seg4j.data.CamVidDataset;
import org.seg4j.data.CocoDataset;
import org.seg4j.data.SegmentationDataset;
import org.seg4j.data.VocAnnotations;
import org.seg4j.data.VocDataset;
import org.seg4j.image.ImageFiles;
import org.seg4j.io.NpyFiles;
import org.seg4j.label.BuiltinLabelSpecs;
import org.seg4j.label.LabelSpecJson;
import org.seg4j.testing.Fuzz;
import org.seg4j.testing.SharedData;
import org.seg4j.testing.TestFiles;

/**
 * Fuzzes every parser of untrusted input in seg4j-core with mutations of the real files in the repository
 * ({@link Fuzz} says what fails). Executions per parser: {@link Fuzz#runs()} (500 in the normal build, raised for
 * nights with {@code -Dseg4j.fuzz.runs=N}); each parser's seed is fixed, so a run is reproducible. Figures in
 * docs/security.md.
 */
class CoreParsersFuzzTest {
    private static final String FIXTURES = "seg4j-core/src/test/resources/fixtures/";
    private static final List<byte[]> PNG_IMAGES = seeds("demo/camvid/val/0016E5_07959.png",
            FIXTURES + "untrusted/frame.png", FIXTURES + "untrusted/grey16.png", FIXTURES + "untrusted/greyalpha16.png",
            FIXTURES + "untrusted/greyalpha8.png", FIXTURES + "cityscapes/leftImg8bit/val/lindau/"
                    + "lindau_000000_000019_leftImg8bit.png", FIXTURES + "crf/out1.png");
    private static final List<byte[]> JPEG_IMAGES = seeds(FIXTURES + "voc/VOC2012/JPEGImages/2007_000032.jpg",
            FIXTURES + "voc/VOC2012/JPEGImages/2007_000039.jpg", FIXTURES + "untrusted/frame.jpg");
    private static final List<byte[]> LABEL_PNGS = seeds("demo/camvid/valannot/0016E5_07959.png",
            "demo/isbi/label/20.png", FIXTURES + "voc/VOC2012/SegmentationClass/2007_000032.png",
            FIXTURES + "cityscapes/gtFine/val/lindau/lindau_000000_000019_gtFine_labelIds.png",
            FIXTURES + "crf/anno1.png");
    private static final List<byte[]> COCO = seeds(FIXTURES + "untrusted/coco_excerpt.json");
    private static final List<byte[]> VOC_XML = seeds(FIXTURES + "voc/VOC2012/Annotations/2007_000032.xml",
            FIXTURES + "voc/VOC2012/Annotations/2007_000039.xml");
    private static final List<byte[]> VOC_LISTS = seeds(FIXTURES + "voc/VOC2012/ImageSets/Segmentation/train.txt",
            FIXTURES + "voc/VOC2012/ImageSets/Segmentation/trainval.txt");
    private static final List<byte[]> CAMVID_LISTS = seeds("demo/camvid/val.txt");
    private static final List<byte[]> NPY = seeds(FIXTURES + "npy/arange_2x3x4_f4.npy",
            FIXTURES + "npy/arange_2x3x4_f4_v2.npy", FIXTURES + "npy/big_endian_f4.npy", FIXTURES + "npy/fortran.npy",
            FIXTURES + "npy/float64.npy");
    private static final List<byte[]> LABEL_SPECS = BuiltinLabelSpecs.names().stream()
            .map(n -> LabelSpecJson.toJson(BuiltinLabelSpecs.byName(n)).toString().getBytes(StandardCharsets.UTF_8))
            .toList();

    private static Path dir;

    private static List<byte[]> seeds(String... paths) {
        List<byte[]> out = new ArrayList<>();
        for (String p : paths) {
            out.add(Fuzz.repositoryFile(p));
        }
        return out;
    }

    @BeforeAll
    static void setUp() throws IOException {
        Fuzz.limitImages();
        dir = Files.createTempDirectory("seg4j-fuzz");
        TestFiles.copyTree(SharedData.repoRoot().resolve(FIXTURES + "voc/VOC2012"), dir.resolve("voc"));
        TestFiles.copyTree(SharedData.repoRoot().resolve("demo/camvid"), dir.resolve("camvid"));
    }

    @AfterAll
    static void tearDown() {
        TestFiles.deleteTree(dir);
        System.clearProperty("seg4j.maxImagePixels");
    }

    @Test
    void pngImages() {
        Fuzz.run("PNG images", 1301, PNG_IMAGES, true, dir.resolve("image.png"), ImageFiles::readRgb);
    }

    @Test
    void jpegImages() {
        Fuzz.run("JPEG images", 1302, JPEG_IMAGES, false, dir.resolve("image.jpg"), ImageFiles::readRgb);
    }

    @Test
    void labelPngs() {
        Fuzz.run("label PNGs", 1303, LABEL_PNGS, true, dir.resolve("label.png"), ImageFiles::readLabels);
    }

    /** The annotations are parsed and every mask rasterized (polygons and RLE). */
    @Test
    void cocoJson() {
        Fuzz.run("COCO JSON", 1304, COCO, false, dir.resolve("instances.json"), file -> {
            CocoDataset coco = CocoDataset.open(file, dir, BuiltinLabelSpecs.coco());
            for (int i = 0; i < coco.size(); i++) {
                coco.mask(i);
            }
        });
    }

    @Test
    void vocXml() {
        Fuzz.run("VOC XML", 1305, VOC_XML, false, dir.resolve("annotation.xml"), f -> VocAnnotations.read(f,
                BuiltinLabelSpecs.voc()));
    }

    /** A VOC split list, opened against a copy of the VOC fixture (ids must name its images). */
    @Test
    void vocLists() {
        Path list = dir.resolve("voc/ImageSets/Segmentation/fuzz.txt");
        Fuzz.run("VOC lists", 1306, VOC_LISTS, false, list, f -> ids(VocDataset.open(dir.resolve("voc"), "fuzz",
                BuiltinLabelSpecs.voc())));
    }

    /** A CamVid list, opened against a copy of demo/camvid. */
    @Test
    void camVidLists() {
        Path list = dir.resolve("camvid/fuzz.txt");
        Fuzz.run("CamVid lists", 1307, CAMVID_LISTS, false, list, f -> ids(CamVidDataset.open(dir.resolve("camvid"),
                "fuzz", BuiltinLabelSpecs.camvid())));
    }

    @Test
    void npy() {
        Fuzz.run(".npy", 1308, NPY, false, dir.resolve("array.npy"), NpyFiles::readFloat32);
    }

    @Test
    void labelSpecJson() {
        Fuzz.run("label specs", 1309, LABEL_SPECS, false, dir.resolve("spec.json"), LabelSpecJson::read);
    }

    private static void ids(SegmentationDataset ds) {
        for (int i = 0; i < ds.size(); i++) {
            ds.id(i);
        }
    }
}

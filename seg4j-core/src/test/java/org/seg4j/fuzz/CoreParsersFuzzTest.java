package org.seg4j.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
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
import org.seg4j.testing.Mutation;
import org.seg4j.testing.SharedData;

/**
 * Fuzzes every parser of untrusted input in seg4j-core with mutations of the real files in the repository
 * ({@link Fuzz} says what fails). Executions per parser: {@code jqwik.tries.default} (junit-platform.properties,
 * raised for nights on the command line); the seed is fixed, so a run is reproducible. Figures in docs/security.md.
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

    @BeforeContainer
    static void setUp() throws IOException {
        Fuzz.limitImages();
        dir = Files.createTempDirectory("seg4j-fuzz");
        copy(SharedData.repoRoot().resolve(FIXTURES + "voc/VOC2012"), dir.resolve("voc"));
        copy(SharedData.repoRoot().resolve("demo/camvid"), dir.resolve("camvid"));
    }

    @AfterContainer
    static void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        System.clearProperty("seg4j.maxImagePixels");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Property(seed = "1301")
    void pngImages(@ForAll("pngImageMutations") Mutation m) {
        Fuzz.check(m.apply(PNG_IMAGES), dir.resolve("image.png"), ImageFiles::readRgb);
    }

    @Property(seed = "1302")
    void jpegImages(@ForAll("jpegImageMutations") Mutation m) {
        Fuzz.check(m.apply(JPEG_IMAGES), dir.resolve("image.jpg"), ImageFiles::readRgb);
    }

    @Property(seed = "1303")
    void labelPngs(@ForAll("labelPngMutations") Mutation m) {
        Fuzz.check(m.apply(LABEL_PNGS), dir.resolve("label.png"), ImageFiles::readLabels);
    }

    /** The annotations are parsed and every mask rasterized (polygons and RLE). */
    @Property(seed = "1304")
    void cocoJson(@ForAll("cocoMutations") Mutation m) {
        Fuzz.check(m.apply(COCO), dir.resolve("instances.json"), file -> {
            CocoDataset coco = CocoDataset.open(file, dir, BuiltinLabelSpecs.coco());
            for (int i = 0; i < coco.size(); i++) {
                coco.mask(i);
            }
        });
    }

    @Property(seed = "1305")
    void vocXml(@ForAll("vocXmlMutations") Mutation m) {
        Fuzz.check(m.apply(VOC_XML), dir.resolve("annotation.xml"), f -> VocAnnotations.read(f,
                BuiltinLabelSpecs.voc()));
    }

    /** A VOC split list, opened against a copy of the VOC fixture (ids must name its images). */
    @Property(seed = "1306")
    void vocLists(@ForAll("vocListMutations") Mutation m) {
        Path list = dir.resolve("voc/ImageSets/Segmentation/fuzz.txt");
        Fuzz.check(m.apply(VOC_LISTS), list, f -> ids(VocDataset.open(dir.resolve("voc"), "fuzz",
                BuiltinLabelSpecs.voc())));
    }

    /** A CamVid list, opened against a copy of demo/camvid. */
    @Property(seed = "1307")
    void camVidLists(@ForAll("camVidListMutations") Mutation m) {
        Path list = dir.resolve("camvid/fuzz.txt");
        Fuzz.check(m.apply(CAMVID_LISTS), list, f -> ids(CamVidDataset.open(dir.resolve("camvid"), "fuzz",
                BuiltinLabelSpecs.camvid())));
    }

    @Property(seed = "1308")
    void npy(@ForAll("npyMutations") Mutation m) {
        Fuzz.check(m.apply(NPY), dir.resolve("array.npy"), NpyFiles::readFloat32);
    }

    @Property(seed = "1309")
    void labelSpecJson(@ForAll("labelSpecMutations") Mutation m) {
        Fuzz.check(m.apply(LABEL_SPECS), dir.resolve("spec.json"), LabelSpecJson::read);
    }

    private static void ids(SegmentationDataset ds) {
        for (int i = 0; i < ds.size(); i++) {
            ds.id(i);
        }
    }

    @Provide
    Arbitrary<Mutation> pngImageMutations() {
        return Mutation.of(PNG_IMAGES, true);
    }

    @Provide
    Arbitrary<Mutation> jpegImageMutations() {
        return Mutation.of(JPEG_IMAGES, false);
    }

    @Provide
    Arbitrary<Mutation> labelPngMutations() {
        return Mutation.of(LABEL_PNGS, true);
    }

    @Provide
    Arbitrary<Mutation> cocoMutations() {
        return Mutation.of(COCO, false);
    }

    @Provide
    Arbitrary<Mutation> vocXmlMutations() {
        return Mutation.of(VOC_XML, false);
    }

    @Provide
    Arbitrary<Mutation> vocListMutations() {
        return Mutation.of(VOC_LISTS, false);
    }

    @Provide
    Arbitrary<Mutation> camVidListMutations() {
        return Mutation.of(CAMVID_LISTS, false);
    }

    @Provide
    Arbitrary<Mutation> npyMutations() {
        return Mutation.of(NPY, false);
    }

    @Provide
    Arbitrary<Mutation> labelSpecMutations() {
        return Mutation.of(LABEL_SPECS, false);
    }
}

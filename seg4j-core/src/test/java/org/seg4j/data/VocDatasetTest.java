package org.seg4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.label.BuiltinLabelSpecs;
import org.seg4j.label.LabelSpec;
import org.seg4j.testing.SharedData;

class VocDatasetTest {
    private static final LabelSpec VOC = BuiltinLabelSpecs.voc();

    @TempDir
    Path tmp;

    @Test
    void fixtureSplitsLabelsAndBoxesAgreeWithExpectedJson() {
        JsonNode expected = Fixtures.expected("voc");
        Path root = Fixtures.dir("voc").resolve(expected.get("root").asText());
        for (String split : List.of("train", "val", "trainval")) {
            SegmentationDataset ds = Datasets.open("voc:" + root, DatasetOptions.split(split));
            assertThat(Fixtures.ids(ds)).as(split).isEqualTo(Fixtures.strings(expected.get("splits").get(split)));
            for (int i = 0; i < ds.size(); i++) {
                Sample s = ds.load(i);
                JsonNode e = Fixtures.assertMatchesExpected(s, expected);
                assertThat(s.boxes()).as(s.id()).isEqualTo(expectedBoxes(e.get("boxes")));
                assertThat(s.imageFile()).isEqualTo(root.resolve("JPEGImages/" + s.id() + ".jpg"));
            }
        }
    }

    @Test
    void fixtureHasTheTwoKindsOfObjectsVocMarks() {
        // the expected.json truth must itself cover difficult objects and a person with a part box
        VocDataset ds = VocDataset.open(Fixtures.dir("voc/VOC2012"), "train", VOC);
        assertThat(Fixtures.ids(ds)).containsExactly("2007_000032", "2007_000039");
        List<ObjectBox> boxes = ds.boxes(1);
        assertThat(boxes).hasSize(2);
        assertThat(boxes.get(0)).isEqualTo(new ObjectBox(new Box(6, 5, 24, 20), 20, false));
        assertThat(boxes.get(1)).isEqualTo(new ObjectBox(new Box(28, 8, 36, 34), 15, true));
        assertThat(ds.load(1).boxes()).isEqualTo(boxes);
    }

    @Test
    void defaultSplitIsTrainAndNoSplitMeansEveryLabelledImage() {
        Path root = Fixtures.dir("voc/VOC2012");
        assertThat(Fixtures.ids(Datasets.open("voc:" + root, DatasetOptions.split(null))))
                .containsExactly("2007_000032", "2007_000039");
        assertThat(Fixtures.ids(VocDataset.open(root, null, VOC)))
                .containsExactly("2007_000032", "2007_000033", "2007_000039");
    }

    @Test
    void fixtureLabelPngsCarryTheVocColourMap() throws Exception {
        JsonNode palette = Fixtures.expected("voc").get("palette");
        IndexColorModel icm = (IndexColorModel) ImageIO.read(
                Fixtures.dir("voc/VOC2012/SegmentationClass/2007_000032.png").toFile()).getColorModel();
        assertThat(palette.size()).isEqualTo(22);
        palette.fields().forEachRemaining(e -> {
            int index = Integer.parseInt(e.getKey());
            int rgb = Integer.parseInt(e.getValue().asText(), 16);
            assertThat(icm.getRGB(index) & 0xFFFFFF).as("palette entry %d of the file", index).isEqualTo(rgb);
            assertThat(index == 255 ? VOC.ignoreColor() : VOC.color(index)).as("spec colour %d", index).isEqualTo(rgb);
        });
    }

    @Test
    void readsRealLabelmeVocSampleWithoutImageSetsAndWithFloatBoxes() {
        Path root = SharedData.require("labelme-voc2011-sample");
        SegmentationDataset ds = Datasets.open("voc:" + root, DatasetOptions.split(null));
        assertThat(Fixtures.ids(ds)).containsExactly("2011_000003", "2011_000006", "2011_000025");
        Map<String, int[]> classes = Map.of("2011_000003", new int[] {0, 5, 15, 255},
                "2011_000006", new int[] {0, 9, 15, 18, 255}, "2011_000025", new int[] {0, 6, 7});
        Map<String, int[]> sizes = Map.of("2011_000003", new int[] {500, 338},
                "2011_000006", new int[] {500, 375}, "2011_000025", new int[] {500, 375});
        for (int i = 0; i < ds.size(); i++) {
            Sample s = ds.load(i);
            assertThat(new int[] {s.width(), s.height()}).isEqualTo(sizes.get(s.id()));
            long[] h = s.label().histogram();
            List<Integer> present = new ArrayList<>();
            for (int v = 0; v < 256; v++) {
                if (h[v] > 0) {
                    present.add(v);
                }
            }
            assertThat(present).as(s.id()).containsExactly(boxed(classes.get(s.id())));
        }
        // Annotations/2011_000003.xml: person (191.0, 107.369, 313.0, 329.369) and (365, 83, 500, 333), 1-based
        List<ObjectBox> first = ds.load(0).boxes();
        assertThat(first).extracting(ObjectBox::classId).containsExactly(15, 15);
        assertThat(first).extracting(ObjectBox::difficult).containsExactly(false, false);
        assertBox(first.get(0).box(), 190, 106.36900369003689, 313, 329.36900369003695);
        assertThat(first.get(1).box()).isEqualTo(new Box(364, 82, 500, 333));
        List<ObjectBox> third = ((VocDataset) ds).boxes(2);
        assertThat(third).extracting(ObjectBox::classId).containsExactly(6, 6, 7);
        assertBox(third.get(0).box(), 83, 19.384615384615387, 435, 373.38461538461536);
        assertThat(third.get(1).box()).isEqualTo(new Box(0, 98, 107, 282));
        assertThat(third.get(2).box()).isEqualTo(new Box(408, 166, 500, 266));
        assertThat(((VocDataset) ds).boxes(1)).hasSize(4).allMatch(b -> b.classId() == 15 && !b.difficult());
    }

    @Test
    void missingLabelPngIsNamedWhenOpening() throws Exception {
        Path root = copy();
        Path label = root.resolve("SegmentationClass/2007_000033.png");
        Files.delete(label);
        assertThatThrownBy(() -> VocDataset.open(root, "val", VOC)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(label.toString()).hasMessageContaining("does not exist")
                .hasMessageContaining("2007_000033 of split 'val'");
    }

    @Test
    void labelOfAnotherSizeIsNamed() {
        Path root = copy();
        Path label = root.resolve("SegmentationClass/2007_000033.png");
        ImageFiles.writeLabelPng(label, LabelMap.filled(10, 10, 0), VOC.palette());
        VocDataset ds = VocDataset.open(root, "val", VOC);
        assertThatThrownBy(() -> ds.load(0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(label.toString())
                .hasMessageContaining("label is 10x10 but its image 2007_000033.jpg is 48x32");
    }

    @Test
    void paletteIndexThatIsNoVocClassIsNamedWithItsValue() {
        Path root = copy();
        Path label = root.resolve("SegmentationClass/2007_000033.png");
        LabelMap map = LabelMap.filled(48, 32, 0);
        map.set(5, 7, 30);
        ImageFiles.writeLabelPng(label, map, VOC.palette());
        VocDataset ds = VocDataset.open(root, "val", VOC);
        assertThatThrownBy(() -> ds.load(0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(label.toString()).hasMessageContaining("label value 30 at (x=5, y=7)");
    }

    @Test
    void malformedXmlIsNamedWithItsLine() throws Exception {
        Path root = copy();
        Path xml = root.resolve("Annotations/2007_000033.xml");
        Files.writeString(xml, "<annotation>\n\t<object>\n\t\t<name>aeroplane</name>\n\t</objet>\n</annotation>\n");
        VocDataset ds = VocDataset.open(root, "val", VOC);
        assertThatThrownBy(() -> ds.load(0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(xml.toString()).hasMessageContaining("malformed XML at line 4");
        assertThatThrownBy(() -> ds.boxes(0)).hasMessageContaining("malformed XML at line 4");
    }

    @Test
    void xmlWithAnExternalEntityIsRefusedUnread() throws Exception {
        Path root = copy();
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "aeroplane");
        Path xml = root.resolve("Annotations/2007_000033.xml");
        Files.writeString(xml, "<?xml version=\"1.0\"?>\n<!DOCTYPE annotation [<!ENTITY x SYSTEM \"" + secret.toUri()
                + "\">]>\n<annotation><object><name>&x;</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax>"
                + "<ymax>5</ymax></bndbox></object></annotation>\n");
        VocDataset ds = VocDataset.open(root, "val", VOC);
        assertThatThrownBy(() -> ds.boxes(0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(xml.toString()).hasMessageContaining("DOCTYPE");
    }

    @Test
    void unknownClassNameAndBadCoordinatesInXmlAreNamed() throws Exception {
        Path root = copy();
        Path xml = root.resolve("Annotations/2007_000033.xml");
        String official = Files.readString(xml);
        VocDataset ds = VocDataset.open(root, "val", VOC);

        Files.writeString(xml, official.replaceFirst("<name>aeroplane</name>", "<name>unicorn</name>"));
        assertThatThrownBy(() -> ds.load(0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(xml.toString()).hasMessageContaining("object 1 has class name 'unicorn'");

        Files.writeString(xml, official.replaceFirst("<xmax>\\d+</xmax>", "<xmax>12a</xmax>"));
        assertThatThrownBy(() -> ds.boxes(0)).hasMessageContaining(xml.toString())
                .hasMessageContaining("object 1 (aeroplane) has <xmax>12a</xmax>, which is not a number");

        Files.writeString(xml, official.replaceFirst("<difficult>0</difficult>", "<difficult>yes</difficult>"));
        assertThatThrownBy(() -> ds.boxes(0)).hasMessageContaining("<difficult>yes</difficult>");

        Files.writeString(xml, official.replaceFirst("<xmax>\\d+</xmax>", "<xmax>0</xmax>"));
        assertThatThrownBy(() -> ds.boxes(0)).hasMessageContaining("object 1 (aeroplane) has an empty box");
    }

    @Test
    void missingSplitFileIsNamedAndSampleWithoutXmlHasNoBoxes() throws Exception {
        Path root = copy();
        assertThatThrownBy(() -> Datasets.open("voc:" + root, DatasetOptions.split("test")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(root.resolve("ImageSets/Segmentation/test.txt").toString())
                .hasMessageContaining("split file of split 'test' does not exist");

        Files.delete(root.resolve("Annotations/2007_000033.xml"));
        VocDataset ds = VocDataset.open(root, "val", VOC);
        assertThat(ds.boxes(0)).isEmpty();
        Sample s = ds.load(0);
        assertThat(s.boxes()).isEmpty();
        assertThat(s.label()).isNotNull();
    }

    private Path copy() {
        return Fixtures.copy("voc", tmp.resolve("voc")).resolve("VOC2012");
    }

    private static List<ObjectBox> expectedBoxes(JsonNode boxes) {
        List<ObjectBox> out = new ArrayList<>();
        for (JsonNode b : boxes) {
            assertThat(VOC.indexOf(b.get("name").asText())).isEqualTo(b.get("classId").asInt());
            out.add(new ObjectBox(new Box(b.get("x1").asDouble(), b.get("y1").asDouble(), b.get("x2").asDouble(),
                    b.get("y2").asDouble()), b.get("classId").asInt(), b.get("difficult").asBoolean()));
        }
        return out;
    }

    private static Integer[] boxed(int[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Integer[]::new);
    }

    private static void assertBox(Box b, double x1, double y1, double x2, double y2) {
        assertThat(b.x1()).isCloseTo(x1, within(1e-9));
        assertThat(b.y1()).isCloseTo(y1, within(1e-9));
        assertThat(b.x2()).isCloseTo(x2, within(1e-9));
        assertThat(b.y2()).isCloseTo(y2, within(1e-9));
    }
}

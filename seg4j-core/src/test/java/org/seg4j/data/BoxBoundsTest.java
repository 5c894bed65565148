package org.seg4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.box.Box;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.RgbImage;
import org.seg4j.label.BuiltinLabelSpecs;

class BoxBoundsTest {
    @TempDir
    Path tmp;

    @Test
    void toleranceOfOnePixel() {
        Path f = Path.of("a.xml");
        BoxBounds.requireInside(f, "object 1", new Box(0, 0, 48, 32), 48, 32);
        BoxBounds.requireInside(f, "object 1", new Box(-1, -1, 49, 33), 48, 32);
        assertThatThrownBy(() -> BoxBounds.requireInside(f, "object 1", new Box(10, 0, 49.5, 32), 48, 32))
                .isInstanceOf(BadInputException.class)
                .hasMessage("a.xml: object 1 has box (10.0, 0.0) - (49.5, 32.0) outside the 48x32 image");
        assertThatThrownBy(() -> BoxBounds.requireInside(f, "object 1", new Box(0, -2, 10, 10), 48, 32))
                .hasMessageContaining("outside the 48x32 image");
    }

    @Test
    void vocBoxOutsideTheImageIsABadSampleThatTheReaderCanSkip() throws Exception {
        Path root = Fixtures.copy("voc", tmp.resolve("voc")).resolve("VOC2012");
        Path xml = root.resolve("Annotations/2007_000033.xml");
        VocDataset ds = VocDataset.open(root, "val", BuiltinLabelSpecs.voc());
        int index = ds.id(0).equals("2007_000033") ? 0 : 1;
        assertThat(ds.id(index)).isEqualTo("2007_000033");
        // the fixture image is 48x32: xmax 60 is 11 pixels beyond its right edge
        Files.writeString(xml, Files.readString(xml).replaceFirst("<xmax>29</xmax>", "<xmax>60</xmax>"));
        assertThatThrownBy(() -> ds.load(index)).isInstanceOf(BadInputException.class)
                .hasMessage(xml + ": object 1 (aeroplane) has box (4.0, 6.0) - (60.0, 19.0) outside the 48x32 image");
        SampleReader reader = new SampleReader(ds, SampleReader.OnBadSample.SKIP);
        assertThat(reader.read(index)).isEmpty();
        assertThat(reader.skipped()).isEqualTo(1);
        assertThat(reader.problems().get(0)).contains("outside the 48x32 image");
    }

    @Test
    void cocoBoxOutsideTheImageIsNamedWithItsAnnotationId() throws Exception {
        Path json = tmp.resolve("a.json");
        Files.writeString(json, """
                {"images": [{"id": 1, "file_name": "a.png", "width": 5, "height": 4}],
                 "annotations": [{"id": 9, "image_id": 1, "category_id": 1, "bbox": [3, 1, 4, 2],
                                  "segmentation": [[3, 1, 5, 1, 5, 3]]}]}""");
        ImageFiles.writeRgb(tmp.resolve("a.png"), RgbImage.blank(5, 4));
        CocoDataset ds = CocoDataset.open(json, tmp, BuiltinLabelSpecs.coco());
        // x + width = 7 on a 5 pixel wide image
        assertThatThrownBy(() -> ds.load(0)).isInstanceOf(BadInputException.class)
                .hasMessage(json + ": annotation id 9 of image id 1 has box (3.0, 1.0) - (7.0, 3.0) outside the 5x4 "
                        + "image");
    }
}

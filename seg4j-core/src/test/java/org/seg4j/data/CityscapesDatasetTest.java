package org.seg4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;

class CityscapesDatasetTest {
    @TempDir
    Path tmp;

    @Test
    void fixtureSplitsAndTrainIdHistogramsAgreeWithExpectedJson() {
        JsonNode expected = Fixtures.expected("cityscapes");
        Path root = Fixtures.dir("cityscapes");
        List<String> splits = new ArrayList<>();
        expected.get("splits").fieldNames().forEachRemaining(splits::add);
        assertThat(splits).containsExactlyInAnyOrder("train", "val");
        for (String split : splits) {
            SegmentationDataset ds = Datasets.open("cityscapes:" + root, DatasetOptions.split(split));
            assertThat(Fixtures.ids(ds)).as(split).isEqualTo(Fixtures.strings(expected.get("splits").get(split)));
            for (int i = 0; i < ds.size(); i++) {
                Sample s = ds.load(i);
                JsonNode e = Fixtures.assertMatchesExpected(s, expected);
                String city = s.id().substring(0, s.id().indexOf('_'));
                assertThat(s.labelFile()).isEqualTo(
                        root.resolve("gtFine/" + split + "/" + city + "/" + s.id() + "_gtFine_labelIds.png"));
                assertThat(s.boxes()).isEmpty();
            }
        }
    }

    @Test
    void oneFixtureFrameHoldsEveryLabelIdSoTheWholeTableIsChecked() {
        Path gt = Fixtures.dir("cityscapes/gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_labelIds.png");
        long[] h = ImageFiles.readLabels(gt).histogram();
        for (int id = 0; id < 34; id++) {
            assertThat(h[id]).as("labelId %d", id).isPositive();
        }
        // and the 19 trainIds plus ignore are what the reader returns for it (counts in expected.json)
        JsonNode counts = Fixtures.expected("cityscapes").get("samples").get("frankfurt_000000_000294").get("histogram");
        assertThat(counts.size()).isEqualTo(20);
    }

    @Test
    void defaultSplitIsTrain() {
        SegmentationDataset ds = Datasets.open("cityscapes:" + Fixtures.dir("cityscapes"), DatasetOptions.split(null));
        assertThat(Fixtures.ids(ds)).containsExactly("aachen_000000_000019");
    }

    @Test
    void imageWithoutItsLabelIdsFileIsNamed() throws Exception {
        Path root = Fixtures.copy("cityscapes", tmp.resolve("cs"));
        Path label = root.resolve("gtFine/val/lindau/lindau_000000_000019_gtFine_labelIds.png");
        Files.delete(label);
        assertThatThrownBy(() -> Datasets.open("cityscapes:" + root, DatasetOptions.split("val")))
                .isInstanceOf(BadInputException.class).hasMessageContaining(label.toString())
                .hasMessageContaining("file does not exist").hasMessageContaining("lindau_000000_000019_leftImg8bit.png");
    }

    @Test
    void missingSplitAndLabelIdOutsideTheTableAreNamed() {
        Path root = Fixtures.copy("cityscapes", tmp.resolve("cs"));
        assertThatThrownBy(() -> Datasets.open("cityscapes:" + root, DatasetOptions.split("test")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(root.resolve("leftImg8bit/test").toString())
                .hasMessageContaining("directory does not exist");

        Path label = root.resolve("gtFine/train/aachen/aachen_000000_000019_gtFine_labelIds.png");
        LabelMap map = LabelMap.filled(64, 32, 7);
        map.set(63, 31, 34);
        ImageFiles.writeGreyPng(label, map);
        SegmentationDataset ds = Datasets.open("cityscapes:" + root, DatasetOptions.split("train"));
        assertThatThrownBy(() -> ds.load(0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(label.toString()).hasMessageContaining("label value 34 at (x=63, y=31)");
    }
}

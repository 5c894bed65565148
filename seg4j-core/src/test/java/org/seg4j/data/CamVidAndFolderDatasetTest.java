package org.seg4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.testing.SharedData;

class CamVidAndFolderDatasetTest {
    @TempDir
    Path tmp;

    @Test
    void readsRealCamVidSplitsFromSegNetListFiles() {
        Path root = SharedData.require("camvid");
        SegmentationDataset train = Datasets.open("camvid:" + root, DatasetOptions.split("train"));
        SegmentationDataset val = Datasets.open("camvid:" + root, DatasetOptions.split("val"));
        assertThat(train.size()).isEqualTo(367);
        assertThat(val.size()).isEqualTo(101);
        Sample s = val.load(0);
        assertThat(s.width()).isEqualTo(480);
        assertThat(s.height()).isEqualTo(360);
        assertThat(s.label()).isNotNull();
        long[] h = s.label().histogram();
        for (int v = 12; v < 256; v++) {
            assertThat(h[v]).isZero();
        }
        assertThat(s.id()).isEqualTo(val.id(0));
    }

    @Test
    void readsRealIsbiFolder() {
        Path root = SharedData.require("isbi2012-membrane");
        SegmentationDataset ds = Datasets.open("folder:" + root, DatasetOptions.split("train"));
        assertThat(ds.size()).isEqualTo(24);
        assertThat(ds.id(2)).isEqualTo("2");
        Sample s = ds.load(0);
        long[] h = s.label().histogram();
        assertThat(h[0] + h[1]).isEqualTo(512L * 512);
        double membraneShare = h[0] / (512.0 * 512);
        assertThat(membraneShare).isBetween(0.1, 0.35);
    }

    @Test
    void splitsCanBeCarvedByIndexRange() {
        Path root = SharedData.require("isbi2012-membrane");
        SegmentationDataset train = Datasets.open("folder:" + root, DatasetOptions.split("train[0:20]"));
        SegmentationDataset val = Datasets.open("folder:" + root, DatasetOptions.split("train[20:]"));
        assertThat(train.size()).isEqualTo(20);
        assertThat(val.size()).isEqualTo(4);
        assertThat(val.id(0)).isEqualTo("20");
        assertThat(val.load(3).id()).isEqualTo("23");
        assertThat(val.name()).endsWith("[20:24]");
        assertThatThrownBy(() -> Datasets.open("folder:" + root, DatasetOptions.split("train[20:30]")))
                .hasMessageContaining("range [20:30] is empty or outside the 24 samples");
    }

    @Test
    void splitsCanBeCarvedByIdPattern() {
        SegmentationDataset ids = new SegmentationDataset() {
            private final List<String> names = List.of("0001TP_1", "0006R0_1", "0006R0_2", "0016E5_1", "x0006R0_3");

            @Override
            public String name() {
                return "ids";
            }

            @Override
            public org.seg4j.label.LabelSpec labelSpec() {
                return org.seg4j.label.BuiltinLabelSpecs.camvid();
            }

            @Override
            public int size() {
                return names.size();
            }

            @Override
            public String id(int index) {
                return names.get(index);
            }

            @Override
            public Sample load(int index) {
                throw new UnsupportedOperationException();
            }
        };
        SegmentationDataset held = SubsetDataset.matching(ids, "0006R0_*");
        SegmentationDataset rest = SubsetDataset.matching(ids, "!0006R0_*");
        assertThat(List.of(held.id(0), held.id(1))).containsExactly("0006R0_1", "0006R0_2");
        assertThat(held.size()).isEqualTo(2);
        assertThat(List.of(rest.id(0), rest.id(1), rest.id(2))).containsExactly("0001TP_1", "0016E5_1", "x0006R0_3");
        assertThat(SubsetDataset.matching(ids, "00??E5_1").size()).isEqualTo(1);
        assertThat(held.name()).isEqualTo("ids[0006R0_*]");
        assertThatThrownBy(() -> SubsetDataset.matching(ids, "Seq05VD_*"))
                .hasMessageContaining("selects none of the 5 samples of ids");
    }

    @Test
    void realCamVidDriveHeldOutByIdPattern() {
        Path root = SharedData.require("camvid");
        SegmentationDataset held = Datasets.open("camvid:" + root, DatasetOptions.split("train[0006R0_*]"));
        SegmentationDataset rest = Datasets.open("camvid:" + root, DatasetOptions.split("train[!0006R0_*]"));
        assertThat(held.size()).isEqualTo(101);
        assertThat(rest.size()).isEqualTo(266);
        for (int i = 0; i < rest.size(); i++) {
            assertThat(rest.id(i)).doesNotStartWith("0006R0");
        }
    }

    @Test
    void mismatchedSizesUnknownLabelsAndMissingFilesAreNamed() {
        Path dir = tmp.resolve("ds");
        ImageFiles.writeRgb(dir.resolve("image/a.png"), RgbImage.blank(4, 4));
        ImageFiles.writeGreyPng(dir.resolve("label/a.png"), LabelMap.filled(4, 3, 255));
        ImageFiles.writeRgb(dir.resolve("image/b.png"), RgbImage.blank(4, 4));
        ImageFiles.writeGreyPng(dir.resolve("label/b.png"), LabelMap.filled(4, 4, 7));
        SegmentationDataset ds = Datasets.open("folder:" + dir, DatasetOptions.split(null));
        assertThatThrownBy(() -> ds.load(0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(dir.resolve("label/a.png").toString())
                .hasMessageContaining("label is 4x3 but its image a.png is 4x4");
        assertThatThrownBy(() -> ds.load(1)).hasMessageContaining("label/b.png")
                .hasMessageContaining("label value 7");

        SampleReader reader = new SampleReader(ds, SampleReader.OnBadSample.SKIP);
        assertThat(reader.read(0)).isEmpty();
        assertThat(reader.read(1)).isEmpty();
        assertThat(reader.skipped()).isEqualTo(2);
        assertThat(reader.problems().get(0)).contains("a.png");

        ImageFiles.writeRgb(dir.resolve("image/c.png"), RgbImage.blank(4, 4));
        assertThatThrownBy(() -> Datasets.open("folder:" + dir, DatasetOptions.split(null)))
                .hasMessageContaining("c.png").hasMessageContaining("has no label file");
    }

    @Test
    void camvidListWithMissingImageAndBadDatasetNames() throws Exception {
        Path root = tmp.resolve("camvid");
        Files.createDirectories(root);
        Files.writeString(root.resolve("val.txt"), "/SegNet/CamVid/val/x.png /SegNet/CamVid/valannot/x.png\n");
        SegmentationDataset ds = Datasets.open("camvid:" + root, DatasetOptions.split("val"));
        assertThatThrownBy(() -> ds.load(0)).hasMessage(root.resolve("val/x.png") + ": file does not exist");
        Files.writeString(root.resolve("bad.txt"), "only-one-path\n");
        assertThatThrownBy(() -> Datasets.open("camvid:" + root, DatasetOptions.split("bad")))
                .hasMessageContaining("bad.txt").hasMessageContaining("line 1");
        assertThatThrownBy(() -> Datasets.open("nope:" + root, DatasetOptions.split("val")))
                .hasMessageContaining("unknown data set kind 'nope'");
        assertThatThrownBy(() -> Datasets.open(root.toString(), DatasetOptions.split("val")))
                .hasMessageContaining("KIND:PATH");
    }

    /** Found by CoreParsersFuzzTest.camVidLists: a path of slashes alone threw ArrayIndexOutOfBoundsException. */
    @Test
    void aListPathWithoutAFileNameIsNamed() throws Exception {
        Path root = java.nio.file.Files.createDirectories(tmp.resolve("camvid-slashes"));
        java.nio.file.Files.writeString(root.resolve("val.txt"), "/SegNet/CamVid/val/a.png /\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CamVidDataset.open(root, "val",
                org.seg4j.label.BuiltinLabelSpecs.camvid())).isInstanceOf(org.seg4j.BadInputException.class)
                .hasMessage(root.resolve("val.txt") + ": line 1: label '/' names no file");
    }
}


package org.seg4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.label.BuiltinLabelSpecs;

/** Issue 13, item 6: names in a data set's own files must not lead out of its folder. */
class PathTraversalTest {
    @TempDir
    Path tmp;

    /** A VOC copy whose val list names {@code id}, and a readable image/label pair planted outside it. */
    private Path vocListing(String id) throws Exception {
        Path voc = Fixtures.copy("voc/VOC2012", tmp.resolve("data/VOC2012"));
        Path escape = Files.createDirectories(tmp.resolve("escape"));
        Files.copy(voc.resolve("JPEGImages/2007_000032.jpg"), escape.resolve("pwn.jpg"));
        Files.copy(voc.resolve("SegmentationClass/2007_000032.png"), escape.resolve("pwn.png"));
        Files.writeString(voc.resolve("ImageSets/Segmentation/val.txt"), id + "\n");
        return voc;
    }

    @Test
    void vocIdsWithFoldersAreRefused() throws Exception {
        Path voc = vocListing("../../../escape/pwn");
        Path list = voc.resolve("ImageSets/Segmentation/val.txt");
        assertThatThrownBy(() -> VocDataset.open(voc, "val", BuiltinLabelSpecs.voc()))
                .isInstanceOf(BadInputException.class)
                .hasMessage(list + ": line 1: image id '../../../escape/pwn' must be a plain name, without folders");
        Files.writeString(list, "2007_000032\n..\n");
        assertThatThrownBy(() -> VocDataset.open(voc, "val", BuiltinLabelSpecs.voc()))
                .hasMessageContaining("line 2: image id '..'");
    }

    @Test
    void camVidListPathsLeadingOutAreRefused() throws Exception {
        Path camvid = Files.createDirectories(tmp.resolve("camvid"));
        Files.writeString(camvid.resolve("val.txt"), "/SegNet/CamVid/val/a.png /SegNet/CamVid/valannot/a.png\n"
                + "/SegNet/CamVid/../x.png /SegNet/CamVid/valannot/x.png\n");
        assertThatThrownBy(() -> CamVidDataset.open(camvid, "val", BuiltinLabelSpecs.camvid()))
                .hasMessage(camvid.resolve("val.txt") + ": line 2: image '../x.png' leads outside the data set folder "
                        + camvid);
    }

    @Test
    void cocoFileNamesLeadingOutOrAbsoluteAreRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("coco"));
        Path json = dir.resolve("evil.json");
        for (String name : new String[] {"../../../etc/passwd", "/etc/hostname", "sub/../../x.jpg"}) {
            Files.writeString(json, "{\"images\":[{\"id\":7,\"file_name\":\"" + name + "\",\"width\":4,\"height\":4}],"
                    + "\"annotations\":[]}");
            assertThatThrownBy(() -> Datasets.open("coco:" + json, DatasetOptions.split(null)))
                    .isInstanceOf(BadInputException.class).hasMessageStartingWith(json + ": image id 7: file_name '"
                            + name + "'");
        }
        // a subfolder inside the image folder is fine (COCO allows it)
        Files.writeString(json, "{\"images\":[{\"id\":7,\"file_name\":\"sub/../x.jpg\",\"width\":4,\"height\":4}],"
                + "\"annotations\":[]}");
        assertThat(Datasets.open("coco:" + json, DatasetOptions.split(null)).size()).isEqualTo(1);
    }
}

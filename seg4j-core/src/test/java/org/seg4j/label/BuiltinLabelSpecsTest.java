package org.seg4j.label;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.seg4j.testing.SharedData;

class BuiltinLabelSpecsTest {
    @Test
    void vocColourMapMatchesVocdevkit() {
        // VOCdevkit labelcolormap.m: 1 = (128,0,0), 2 = (0,128,0), 3 = (128,128,0), 15 person = (192,128,128)
        assertThat(BuiltinLabelSpecs.vocColor(0)).isEqualTo(0x000000);
        assertThat(BuiltinLabelSpecs.vocColor(1)).isEqualTo(0x800000);
        assertThat(BuiltinLabelSpecs.vocColor(2)).isEqualTo(0x008000);
        assertThat(BuiltinLabelSpecs.vocColor(3)).isEqualTo(0x808000);
        assertThat(BuiltinLabelSpecs.vocColor(15)).isEqualTo(0xC08080);
        assertThat(BuiltinLabelSpecs.vocColor(255)).isEqualTo(0xE0E0C0);
        LabelSpec voc = BuiltinLabelSpecs.voc();
        assertThat(voc.numClasses()).isEqualTo(21);
        assertThat(voc.className(15)).isEqualTo("person");
        assertThat(voc.trainId(255)).isEqualTo(255);
        assertThat(voc.trainId(21)).isEqualTo(LabelSpec.INVALID);
    }

    @Test
    void cityscapesMapsLabelIdsToNineteenTrainIds() {
        LabelSpec cs = BuiltinLabelSpecs.cityscapes();
        assertThat(cs.numClasses()).isEqualTo(19);
        assertThat(cs.trainId(7)).isEqualTo(0); // road
        assertThat(cs.trainId(26)).isEqualTo(13); // car
        assertThat(cs.trainId(33)).isEqualTo(18); // bicycle
        assertThat(cs.trainId(0)).isEqualTo(255);
        assertThat(cs.trainId(29)).isEqualTo(255); // caravan
        assertThat(cs.trainId(34)).isEqualTo(LabelSpec.INVALID);
        assertThat(cs.color(0)).isEqualTo(0x804080);
        assertThat(cs.className(11)).isEqualTo("person");
    }

    @Test
    void camvidIgnoresElevenAndUsesSegNetColours() {
        LabelSpec c = BuiltinLabelSpecs.camvid();
        assertThat(c.numClasses()).isEqualTo(11);
        assertThat(c.ignoreIndex()).isEqualTo(11);
        assertThat(c.trainId(11)).isEqualTo(11);
        assertThat(c.trainId(12)).isEqualTo(LabelSpec.INVALID);
        assertThat(c.color(4)).isEqualTo(0x3C28DE);
    }

    @Test
    void cocoStuffHas171Classes() {
        LabelSpec s = BuiltinLabelSpecs.cocoStuff();
        assertThat(s.numClasses()).isEqualTo(171);
        assertThat(s.trainId(0)).isEqualTo(0); // person (id 1) stored as 0
        assertThat(s.trainId(11)).isEqualTo(LabelSpec.INVALID); // id 12 is unused in COCO
        assertThat(s.className(s.trainId(91))).isEqualTo("banner");
        assertThat(s.className(s.trainId(181))).isEqualTo("wood");
    }

    @Test
    void binarySpecsReadZeroAndTwoFiftyFive() {
        assertThat(BuiltinLabelSpecs.binary().trainId(255)).isEqualTo(1);
        assertThat(BuiltinLabelSpecs.binary().trainId(1)).isEqualTo(1);
        assertThat(BuiltinLabelSpecs.binary().trainId(7)).isEqualTo(LabelSpec.INVALID);
        assertThat(BuiltinLabelSpecs.isbi().className(BuiltinLabelSpecs.isbi().trainId(0))).isEqualTo("membrane");
    }

    @Test
    void cocoThingIdsAndNamesMatchTheRealAnnotationFile() throws Exception {
        Path json = SharedData.require("coco2017-tiny").resolve("annotations/instances_train2017.json");
        JsonNode cats = new ObjectMapper().readTree(json.toFile()).get("categories");
        LabelSpec coco = BuiltinLabelSpecs.coco();
        assertThat(cats).hasSize(80);
        int previousTrainId = 0;
        for (JsonNode c : cats) {
            int trainId = coco.trainId(c.get("id").asInt());
            assertThat(coco.className(trainId)).isEqualTo(c.get("name").asText());
            assertThat(trainId).isGreaterThan(previousTrainId);
            previousTrainId = trainId;
        }
        assertThat(previousTrainId).isEqualTo(80);
    }
}

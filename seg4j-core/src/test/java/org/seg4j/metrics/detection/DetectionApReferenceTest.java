package org.seg4j.metrics.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.box.ScoredBox;

/**
 * AP on 40 random images (3 classes, difficult objects, duplicates, wrong classes, background false positives)
 * against tools/reference/detection_ap.py, a numpy implementation of the VOC devkit's VOCevaldet/VOCap.
 */
class DetectionApReferenceTest {
    @Test
    void matchesNumpyReference() throws IOException {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/detection/voc_ap_random.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<ImageDetections> images = new ArrayList<>();
        for (JsonNode im : root.get("images")) {
            List<ObjectBox> truth = new ArrayList<>();
            for (JsonNode g : im.get("truth")) {
                truth.add(new ObjectBox(box(g.get("box")), g.get("classId").asInt(), g.get("difficult").asBoolean()));
            }
            List<ScoredBox> dets = new ArrayList<>();
            for (JsonNode d : im.get("detections")) {
                dets.add(new ScoredBox(box(d.get("box")), d.get("classId").asInt(), d.get("score").asDouble()));
            }
            images.add(new ImageDetections(truth, dets));
        }
        MeanAp mean = DetectionAp.mean(images, List.of(0, 1, 2), root.get("iou").asDouble());
        JsonNode expected = root.get("perClass");
        for (int c = 0; c < 3; c++) {
            ClassAp ap = mean.perClass().get(c);
            assertThat(ap.ap()).isCloseTo(expected.get(c).get("ap").asDouble(), within(1e-12));
            assertThat(ap.positives()).isEqualTo(expected.get(c).get("positives").asInt());
            assertThat(ap.detections()).isEqualTo(expected.get(c).get("detections").asInt());
            assertThat(ap.truePositives()).isEqualTo(expected.get(c).get("truePositives").asInt());
        }
        assertThat(mean.map()).isCloseTo(root.get("meanAp").asDouble(), within(1e-12));
    }

    private static Box box(JsonNode a) {
        return new Box(a.get(0).asDouble(), a.get(1).asDouble(), a.get(2).asDouble(), a.get(3).asDouble());
    }
}

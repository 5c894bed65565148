package org.seg4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.testing.ReferencePredictions;
import org.seg4j.testing.SharedData;

/**
 * Agreement with tools/reference/metrics_reference.py, which builds its confusion matrices with numpy's bincount
 * (fixtures under fixtures/metrics/).
 */
class MetricsReferenceTest {
    private static final double TOLERANCE = 1e-9;

    @Test
    void tinyGeneratedCasesMatchNumpy() throws Exception {
        JsonNode ref = fixture("tiny_reference.json");
        int cases = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = ref.get("cases").fields(); it.hasNext(); cases++) {
            JsonNode c = it.next().getValue();
            List<String> names = strings(c.get("classNames"));
            ConfusionMatrix cm = new ConfusionMatrix(names.size(), c.get("ignoreIndex").asInt());
            cm.accumulate(ImageFiles.readLabels(fixturePath(c.get("gt").asText())),
                    ImageFiles.readLabels(fixturePath(c.get("pred").asText())));
            assertAgrees(cm, names, c);
        }
        assertThat(cases).isEqualTo(2);
        // the fixture exercises the special cases it claims to
        JsonNode a = ref.get("cases").get("tiny_a");
        assertThat(strings(a.get("absentClasses"))).containsExactly("four");
        assertThat(a.get("accuracy").get(3).isNull()).isTrue();
        assertThat(a.get("iou").get(3).asDouble()).isZero();
        assertThat(a.get("unassigned").get(0).asLong()).isPositive();
    }

    @Test
    void camvidValWithShiftedAndDegradedPredictionsMatchesNumpy() throws IOException {
        Path annot = SharedData.require("camvid").resolve("valannot");
        JsonNode ref = fixture("camvid_val_reference.json");
        List<String> names = strings(ref.get("classNames"));
        int ignore = ref.get("ignoreIndex").asInt();
        ConfusionMatrix shift = new ConfusionMatrix(names.size(), ignore);
        ConfusionMatrix degrade = new ConfusionMatrix(names.size(), ignore);
        List<Path> files;
        try (Stream<Path> s = Files.list(annot)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".png"))
                    .sorted((x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString())).toList();
        }
        assertThat(files).hasSize(ref.get("files").asInt());
        for (int k = 0; k < files.size(); k++) {
            LabelMap gt = ImageFiles.readLabels(files.get(k));
            shift.accumulate(gt, ReferencePredictions.shifted(gt));
            degrade.accumulate(gt, ReferencePredictions.degraded(gt, k, ignore));
        }
        assertAgrees(shift, names, ref.get("rules").get("shift"));
        assertAgrees(degrade, names, ref.get("rules").get("degrade"));
    }

    private static void assertAgrees(ConfusionMatrix cm, List<String> names, JsonNode ref) {
        int n = names.size();
        for (int g = 0; g < n; g++) {
            for (int p = 0; p < n; p++) {
                assertThat(cm.count(g, p)).as("count(%d,%d)", g, p).isEqualTo(ref.get("confusion").get(g).get(p).asLong());
            }
            assertThat(cm.unassigned(g)).as("unassigned(%d)", g).isEqualTo(ref.get("unassigned").get(g).asLong());
        }
        assertThat(cm.total()).isEqualTo(ref.get("pixels").asLong());
        SegmentationMetrics m = SegmentationMetrics.of(cm, names);
        assertClose("pixelAccuracy", m.pixelAccuracy(), ref.get("pixelAccuracy"));
        assertClose("meanAccuracy", m.meanAccuracy(), ref.get("meanAccuracy"));
        assertClose("mIoU", m.meanIoU(), ref.get("mIoU"));
        assertClose("fwIoU", m.frequencyWeightedIoU(), ref.get("fwIoU"));
        for (int c = 0; c < n; c++) {
            assertClose("iou " + names.get(c), m.iou(c), ref.get("iou").get(c));
            assertClose("accuracy " + names.get(c), m.accuracy(c), ref.get("accuracy").get(c));
            assertClose("dice " + names.get(c), m.dice(c), ref.get("dice").get(c));
            assertThat(m.groundTruthPixels(c)).isEqualTo(ref.get("gtPixels").get(c).asLong());
        }
        assertThat(m.absentClasses()).isEqualTo(strings(ref.get("absentClasses")));
    }

    private static void assertClose(String what, double actual, JsonNode expected) {
        if (expected.isNull()) {
            assertThat(actual).as(what).isNaN();
        } else {
            assertThat(actual).as(what).isCloseTo(expected.asDouble(), within(TOLERANCE));
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = MetricsReferenceTest.class.getResourceAsStream("/fixtures/metrics/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static Path fixturePath(String name) throws URISyntaxException {
        return Path.of(MetricsReferenceTest.class.getResource("/fixtures/metrics/" + name).toURI());
    }
}

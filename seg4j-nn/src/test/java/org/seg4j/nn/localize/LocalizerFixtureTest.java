package org.seg4j.nn.localize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.seg4j.box.ScoredBox;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.RgbImage;
import org.seg4j.testing.SharedData;

/**
 * The bundled CamVid car localizer on the bundled CamVid images, with its trained settings (6 scales, 2 aspects):
 * every window box of the first image, its detections with every combination and those of the other images with the
 * trained combination (NMS) equal those the localizer computed before its inference pass was rearranged for speed
 * (fixture written by {@code tools/fixtures/LocalizerFixture.java} at commit 9797c17): same count, order and classes,
 * scores and coordinates within 1e-5 (scores absolute, or relative above 1 for merged scores, which are sums of window
 * probabilities; coordinates relative to the box's larger side, since a decoded edge is the window's centre plus a
 * multiple of its size). The network computes in float32, whose rounding (6e-8 relative) the rearrangement changes:
 * measured, edges moved by at most 5.6e-7 of their box's size (1.3e-5 px on a 270 px box), scores by at most 1.3e-6.
 */
class LocalizerFixtureTest {
    private static final double TOLERANCE = 1e-5;

    @Test
    void windowsAndDetectionsEqualThoseOfTheEarlierImplementation() throws Exception {
        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/localizer/camvid_car.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        try (NDManager manager = NDManager.newBaseManager();
                LocalizerModel model = LocalizerModel.open(SharedData.repoRoot().resolve(fixture.get("model")
                        .asText()), manager)) {
            Localizer.Options trained = model.trainedOptions();
            boolean first = true;
            for (JsonNode expected : fixture.get("images")) {
                RgbImage image = ImageFiles.readRgb(SharedData.repoRoot().resolve(expected.get("image").asText()));
                // every combination on the first image, the trained one (NMS) on the others
                for (Localizer.Combination combination : first ? List.of(Localizer.Combination.values())
                        : List.of(trained.combination())) {
                    Localizer.Result result = model.localizer(new Localizer.Options(trained.scales(),
                            trained.aspects(), combination, trained.minScore(), trained.iou(),
                            trained.maxDetections())).localize(image, manager);
                    String what = expected.get("image").asText() + " " + combination;
                    assertThat(result.windows()).as(what).hasSize(expected.get("windowCount").asInt());
                    if (expected.has("windows")) {
                        assertSameBoxes(what + " windows", result.windows(), expected.get("windows"));
                    }
                    assertSameBoxes(what, result.detections(), expected.get(combination.name()
                            .toLowerCase(Locale.ROOT)));
                }
                first = false;
            }
        }
    }

    private static void assertSameBoxes(String what, List<ScoredBox> actual, JsonNode expected) {
        assertThat(actual).as(what).hasSize(expected.size());
        for (int i = 0; i < actual.size(); i++) {
            ScoredBox a = actual.get(i);
            JsonNode e = expected.get(i);
            String box = what + " box " + i;
            assertThat(a.classId()).as(box).isEqualTo(e.get(0).asInt());
            double score = e.get(1).asDouble();
            assertThat(a.score()).as(box + " score").isCloseTo(score, within(TOLERANCE * Math.max(1, score)));
            double size = Math.max(e.get(4).asDouble() - e.get(2).asDouble(), e.get(5).asDouble() - e.get(3).asDouble());
            double[] edges = {a.box().x1(), a.box().y1(), a.box().x2(), a.box().y2()};
            for (int k = 0; k < edges.length; k++) {
                double want = e.get(k + 2).asDouble();
                assertThat(edges[k]).as(box + " edge " + k).isCloseTo(want, within(TOLERANCE * size));
            }
        }
    }
}

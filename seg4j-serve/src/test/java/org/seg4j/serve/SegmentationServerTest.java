package org.seg4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seg4j.serve.HttpApi.json;
import static org.seg4j.serve.HttpApi.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.seg4j.box.ScoredBox;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.infer.InferenceOptions;
import org.seg4j.nn.infer.Prediction;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;
import org.seg4j.nn.io.ModelCard;
import org.seg4j.nn.io.ModelFile;
import org.seg4j.nn.localize.DetectionsJson;
import org.seg4j.nn.localize.LocalizerModel;
import org.seg4j.testing.SharedData;

/**
 * The API over real HTTP (java.net.http) against a server on a free loopback port, serving the bundled CamVid U-Net
 * and car localizer: every route, every refusal, and the outputs compared with the library run in-process.
 */
class SegmentationServerTest {
    static final Path MODEL = SharedData.repoRoot().resolve("models/camvid-unet.seg4j");
    static final Path LOCALIZER = SharedData.repoRoot().resolve("models/camvid-car-localizer.seg4j");
    static final Path IMAGE = SharedData.repoRoot().resolve("demo/camvid/val/0016E5_07959.png");
    private static final long MAX_UPLOAD = 2L << 20;
    private static final long MAX_PIXELS = 1_000_000;

    /** Any URL but the SVG namespace name (an identifier, never fetched). */
    private static final String EXTERNAL = "(https?:)?//(?!www\\.w3\\.org/2000/svg)[a-z0-9.-]+\\.[a-z]";

    static SegmentationServer server;
    static HttpApi api;
    static byte[] png;

    @BeforeAll
    static void start() throws IOException {
        server = SegmentationServer.start(List.of(ModelSource.parse(MODEL.toString())),
                ModelSource.parse("cars=" + LOCALIZER), new ServerSettings("127.0.0.1", 0, 1, 4, 5, 16, MAX_PIXELS,
                        MAX_UPLOAD));
        api = HttpApi.of(server.port());
        png = Files.readAllBytes(IMAGE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthListsTheLoadedModels() {
        HttpResponse<byte[]> r = api.get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("ok");
        assertThat(json(r).get("models")).extracting(JsonNode::asText).containsExactly("camvid-unet", "cars");
    }

    @Test
    void modelsDescribeTheirCards() {
        JsonNode models = json(api.get("/models")).get("models");
        assertThat(models).hasSize(2);
        ModelCard card = ModelFile.read(MODEL).card();
        JsonNode unet = models.get(0);
        assertThat(unet.get("name").asText()).isEqualTo("camvid-unet");
        assertThat(unet.get("kind").asText()).isEqualTo("segmentation");
        assertThat(unet.get("architecture").asText()).isEqualTo(card.architecture());
        assertThat(unet.get("inputScale").asDouble()).isEqualTo(card.inputScale());
        assertThat(unet.get("metrics")).isEqualTo(card.provenance().metrics());
        assertThat(unet.get("dataset").asText()).isEqualTo(card.provenance().dataset());
        LabelSpec labels = card.labels();
        assertThat(unet.get("classes")).hasSize(labels.numClasses());
        for (int c = 0; c < labels.numClasses(); c++) {
            JsonNode k = unet.get("classes").get(c);
            assertThat(k.get("name").asText()).isEqualTo(labels.className(c));
            assertThat(Integer.parseInt(k.get("color").asText().substring(1), 16)).isEqualTo(labels.color(c));
        }
        assertThat(models.get(1).get("kind").asText()).isEqualTo("localization");
        assertThat(models.get(1).get("architecture").asText()).isEqualTo("localizer");
    }

    @Test
    void pngEqualsTheLibrarysLabelsAndPalette() throws IOException {
        HttpResponse<byte[]> r = api.post("/models/camvid-unet/segment", "image/png", png);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(r.headers().firstValue("Server-Timing").orElseThrow()).startsWith("total;dur=");
        try (SegmentationModel model = SegmentationModel.open(MODEL)) {
            Prediction expected = Segmenter.of(model).segment(ImageFiles.readRgb(IMAGE), false);
            assertThat(labels(r.body()).data()).isEqualTo(expected.labels().data());
            java.awt.image.IndexColorModel palette = (java.awt.image.IndexColorModel) ImageIO.read(
                    new java.io.ByteArrayInputStream(r.body())).getColorModel();
            for (int i = 0; i < 256; i++) {
                assertThat(palette.getRGB(i) & 0xFFFFFF).isEqualTo(model.labels().palette()[i]);
            }
        }
    }

    @Test
    void multipartUploadGivesTheSameLabelsAsARawBody() {
        HttpResponse<byte[]> raw = api.post("/models/camvid-unet/segment", "image/png", png);
        HttpResponse<byte[]> multipart = api.postMultipart("/models/camvid-unet/segment", "street.png", "image/png", png);
        assertThat(multipart.statusCode()).isEqualTo(200);
        assertThat(labels(multipart.body()).data()).isEqualTo(labels(raw.body()).data());
    }

    @Test
    void jsonCountsThePixelsOfEachClass() {
        LabelMap labels = labels(api.post("/models/camvid-unet/segment", "image/png", png).body());
        JsonNode j = json(api.post("/models/camvid-unet/segment?format=json", "image/png", png));
        assertThat(j.get("width").asInt()).isEqualTo(480);
        assertThat(j.get("height").asInt()).isEqualTo(360);
        assertThat(j.get("milliseconds").asDouble()).isPositive();
        long[] counts = new long[j.get("classes").size()];
        for (byte b : labels.data()) {
            counts[b & 0xFF]++;
        }
        for (int c = 0; c < counts.length; c++) {
            JsonNode k = j.get("classes").get(c);
            assertThat(k.get("pixels").asLong()).as(k.get("name").asText()).isEqualTo(counts[c]);
            assertThat(k.get("fraction").asDouble()).isEqualTo(counts[c] / (480.0 * 360));
        }
        assertThat(labels(Base64.getDecoder().decode(j.get("labelPng").asText())).data()).isEqualTo(labels.data());
    }

    @Test
    void npyHoldsProbabilitiesWhoseArgmaxIsTheLabel() {
        HttpResponse<byte[]> r = api.post("/models/camvid-unet/segment?format=npy", "image/png", png);
        assertThat(r.statusCode()).isEqualTo(200);
        ByteBuffer npy = ByteBuffer.wrap(r.body()).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = npy.getShort(8);
        String header = new String(r.body(), 10, headerLength, StandardCharsets.ISO_8859_1);
        int k = ModelFile.read(MODEL).card().numClasses();
        assertThat(header).contains("'descr': '<f4'").contains("'shape': (" + k + ", 360, 480)");
        float[] p = new float[k * 360 * 480];
        npy.position(10 + headerLength);
        npy.asFloatBuffer().get(p);
        byte[] labels = labels(api.post("/models/camvid-unet/segment", "image/png", png).body()).data();
        int plane = 360 * 480;
        int agree = 0;
        for (int i = 0; i < plane; i++) {
            int best = 0;
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += p[c * plane + i];
                if (p[c * plane + i] > p[best * plane + i]) {
                    best = c;
                }
            }
            assertThat(sum).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-4));
            agree += best == labels[i] ? 1 : 0;
        }
        // the probabilities go through softmax in float; ties of near-equal logits may break the other way
        assertThat(agree).isGreaterThan(plane - 10);
    }

    @Test
    void inferenceOptionsFromTheQueryAreTheLibrarysOptions() {
        HttpResponse<byte[]> r = api.post("/models/camvid-unet/segment?tile=128&overlap=0.5&flip=true&scales=0.75,1",
                "image/png", png);
        assertThat(r.statusCode()).isEqualTo(200);
        try (SegmentationModel model = SegmentationModel.open(MODEL)) {
            Prediction expected = Segmenter.of(model, InferenceOptions.defaults().withTile(128, 0.5).withFlip(true)
                    .withScales(0.75, 1)).segment(ImageFiles.readRgb(IMAGE), false);
            assertThat(labels(r.body()).data()).isEqualTo(expected.labels().data());
        }
    }

    @Test
    void localizeReturnsTheLocalizersDetectionsInTheSchemaOfSeg4jLocalize() {
        HttpResponse<byte[]> r = api.post("/models/cars/localize", "image/png", png);
        assertThat(r.statusCode()).isEqualTo(200);
        try (LocalizerModel model = LocalizerModel.open(LOCALIZER)) {
            RgbImage image = ImageFiles.readRgb(IMAGE);
            List<ScoredBox> detections = model.localizer().localize(image).detections();
            assertThat(json(r)).isEqualTo(DetectionsJson.of("upload", image.width(), image.height(), detections,
                    model.card().labels()));
        }
    }

    @Test
    void refusalsAreJsonWithTheirStatusAndTheNextRequestIsServed() throws IOException {
        byte[] truncated = java.util.Arrays.copyOf(png, png.length / 2);
        Map<String, HttpResponse<byte[]>> refusals = new java.util.LinkedHashMap<>();
        refusals.put("not_an_image", api.post("/models/camvid-unet/segment", "image/png",
                "hello, I am text".getBytes(StandardCharsets.UTF_8)));
        refusals.put("empty", api.post("/models/camvid-unet/segment", "image/png", new byte[0]));
        refusals.put("truncated", api.post("/models/camvid-unet/segment", "image/png", truncated));
        byte[] jpeg = jpeg();
        refusals.put("truncated_jpeg", api.post("/models/camvid-unet/segment", "image/jpeg",
                java.util.Arrays.copyOf(jpeg, jpeg.length / 2)));
        refusals.put("bmp", api.post("/models/camvid-unet/segment", "image/bmp", bmp()));
        refusals.put("huge_header", api.post("/models/camvid-unet/segment", "image/png", pngHeader(100_000, 100_000)));
        refusals.put("huge_upload", api.post("/models/camvid-unet/segment", "image/png", new byte[(int) MAX_UPLOAD + 1]));
        refusals.put("huge_multipart", api.postMultipart("/models/camvid-unet/segment", "big.png", "image/png",
                new byte[(int) MAX_UPLOAD + 1]));
        refusals.put("unknown_model", api.post("/models/nope/segment", "image/png", png));
        refusals.put("localize_segmenter", api.post("/models/camvid-unet/localize", "image/png", png));
        for (String query : List.of("tile=-3", "tile=8", "overlap=1.5", "scales=0", "scales=1,x", "scales=3",
                "scales=1,1,1,1,1", "format=gif", "flip=maybe", "crf=yes", "color=red", "tile=1&tile=2")) {
            refusals.put(query, api.post("/models/camvid-unet/segment?" + query, "image/png", png));
        }
        refusals.put("no_route", api.get("/nothing/here"));
        refusals.put("wrong_method", api.get("/models/camvid-unet/segment"));
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("not_an_image", "400 bad_image");
        expected.put("empty", "400 bad_image");
        expected.put("truncated", "400 bad_image");
        expected.put("truncated_jpeg", "400 bad_image");
        expected.put("bmp", "400 bad_image");
        expected.put("huge_header", "413 image_too_large");
        expected.put("huge_upload", "413 upload_too_large");
        expected.put("huge_multipart", "413 upload_too_large");
        expected.put("unknown_model", "404 unknown_model");
        expected.put("localize_segmenter", "404 unknown_model");
        for (String query : refusals.keySet()) {
            if (query.contains("=")) {
                expected.put(query, "400 bad_parameter");
            }
        }
        expected.put("no_route", "404 not_found");
        expected.put("wrong_method", "405 method_not_allowed");
        Map<String, String> got = new java.util.LinkedHashMap<>();
        refusals.forEach((name, r) -> {
            JsonNode body = json(r);
            got.put(name, r.statusCode() + " " + body.get("error").asText());
            assertThat(body.get("detail").asText()).as(name).isNotBlank().doesNotContain("Exception")
                    .doesNotContain("\tat ");
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(name).startsWith("application/json");
        });
        assertThat(got).isEqualTo(expected);
        assertThat(api.post("/models/camvid-unet/segment", "image/png", png).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsCountRequestsErrorsLatencyQueueAndBatches() {
        api.post("/models/camvid-unet/segment", "image/png", png);
        api.post("/models/camvid-unet/segment?format=gif", "image/png", png);
        String metrics = text(api.get("/metrics"));
        assertThat(metrics)
                .containsPattern("seg4j_http_requests_total\\{method=\"POST\",route=\"/models/\\{name}/segment\","
                        + "status=\"200\"} [1-9]")
                .containsPattern("seg4j_http_errors_total\\{error=\"bad_parameter\",route=\"/models/\\{name}/segment\","
                        + "status=\"400\"} [1-9]")
                .contains("seg4j_http_request_duration_seconds_bucket{route=\"/models/{name}/segment\",le=\"0.005\"}")
                .contains("seg4j_queue_depth{model=\"camvid-unet\"} 0")
                .containsPattern("seg4j_batch_size_count\\{model=\"camvid-unet\"} [1-9]");
    }

    @Test
    void openApiListsExactlyTheServersRoutes() {
        JsonNode doc = json(api.get("/openapi.json"));
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        Set<String> documented = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path.getKey()));
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(server.routes());
        assertThat(server.routes()).hasSize(7);
    }

    @Test
    void thePageAndItsAssetsComeFromTheServer() {
        HttpResponse<byte[]> page = api.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(text(page)).contains("<script src=\"/assets/app.js\"></script>").doesNotContainPattern(EXTERNAL);
        for (String asset : List.of("/assets/app.js", "/assets/style.css")) {
            HttpResponse<byte[]> r = api.get(asset);
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(text(r)).as(asset).doesNotContainPattern(EXTERNAL);
        }
    }

    static LabelMap labels(byte[] png) {
        try {
            Path file = Files.createTempFile("seg4j-serve", ".png");
            try {
                Files.write(file, png);
                return ImageFiles.readLabels(file);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A PNG signature and IHDR chunk (valid CRC) declaring a width x height RGB image, with no pixel data. */
    static byte[] pngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        data.writeInt(13);
        data.write(ihdr.array());
        data.writeInt((int) crc.getValue());
        return out.toByteArray();
    }

    private static byte[] jpeg() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(ImageIO.read(IMAGE.toFile()), "jpeg", out);
        return out.toByteArray();
    }

    private static byte[] bmp() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_3BYTE_BGR), "bmp", out);
        return out.toByteArray();
    }

    static List<byte[]> valImages(int n) throws IOException {
        List<byte[]> images = new ArrayList<>();
        try (var files = Files.list(IMAGE.getParent())) {
            for (Path f : files.sorted().limit(n).toList()) {
                images.add(Files.readAllBytes(f));
            }
        }
        return images;
    }
}

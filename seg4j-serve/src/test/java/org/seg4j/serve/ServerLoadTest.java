package org.seg4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.seg4j.serve.SegmentationServerTest.IMAGE;
import static org.seg4j.serve.SegmentationServerTest.MODEL;
import static org.seg4j.serve.SegmentationServerTest.labels;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Concurrency: requests batched together, a full queue answered with 503, a graceful stop. */
class ServerLoadTest {
    private static ServerSettings settings(int maxBatch, int maxWaitMillis, int queue) {
        return new ServerSettings("127.0.0.1", 0, 1, maxBatch, maxWaitMillis, queue, 1_000_000, 4L << 20);
    }

    private static SegmentationServer start(ServerSettings settings) {
        return SegmentationServer.start(List.of(ModelSource.parse(MODEL.toString())), null, settings);
    }

    private static CompletableFuture<HttpResponse<byte[]>> postAsync(HttpApi api, String query, byte[] png) {
        return api.client().sendAsync(HttpRequest.newBuilder(URI.create(api.base() + "/models/camvid-unet/segment"
                + query)).header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void concurrentRequestsOfOneSizeRunAsOneBatchWithTheLabelsOfSingleRequests() throws Exception {
        byte[] png = Files.readAllBytes(IMAGE);
        try (SegmentationServer server = start(settings(4, 3_000, 16))) {
            HttpApi api = HttpApi.of(server.port());
            byte[] single = labels(api.post("/models/camvid-unet/segment", "image/png", png).body()).data();
            List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                responses.add(postAsync(api, "", png));
            }
            for (CompletableFuture<HttpResponse<byte[]>> r : responses) {
                HttpResponse<byte[]> response = r.get(120, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                byte[] batched = labels(response.body()).data();
                int differ = 0;
                for (int i = 0; i < single.length; i++) {
                    differ += batched[i] == single[i] ? 0 : 1;
                }
                // a batch equals single runs up to the engine's rounding, which may flip a near-tie
                assertThat(differ).isLessThan(single.length / 10_000);
            }
            String metrics = HttpApi.text(api.get("/metrics"));
            // 1 single request + 4 batched: 5 requests in fewer than 5 batches, and none above the maximum
            assertThat(value(metrics, "seg4j_batch_size_sum\\{model=\"camvid-unet\"}")).isEqualTo(5);
            assertThat(value(metrics, "seg4j_batch_size_count\\{model=\"camvid-unet\"}")).isLessThan(5);
            assertThat(value(metrics, "seg4j_batch_size_bucket\\{model=\"camvid-unet\",le=\"4.0\"}")).isEqualTo(
                    value(metrics, "seg4j_batch_size_count\\{model=\"camvid-unet\"}"));
        }
    }

    @Test
    void aFullQueueIsAnswered503WithRetryAfterAndTheServerCarriesOn() throws Exception {
        byte[] png = Files.readAllBytes(IMAGE);
        try (SegmentationServer server = start(settings(1, 0, 1))) {
            HttpApi api = HttpApi.of(server.port());
            List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                responses.add(postAsync(api, "?flip=true", png));
            }
            int ok = 0;
            int refused = 0;
            for (CompletableFuture<HttpResponse<byte[]>> r : responses) {
                HttpResponse<byte[]> response = r.get(300, TimeUnit.SECONDS);
                if (response.statusCode() == 503) {
                    refused++;
                    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
                    assertThat(HttpApi.json(response).get("error").asText()).isEqualTo("overloaded");
                } else {
                    assertThat(response.statusCode()).isEqualTo(200);
                    ok++;
                }
            }
            assertThat(refused).isPositive();
            assertThat(ok).isGreaterThanOrEqualTo(2); // one running, one queued
            assertThat(api.post("/models/camvid-unet/segment", "image/png", png).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void closeAnswersTheRequestInFlightThenRefusesConnections() throws Exception {
        byte[] png = Files.readAllBytes(IMAGE);
        SegmentationServer server = start(settings(1, 0, 4));
        HttpApi api = HttpApi.of(server.port());
        // eight passes at the image's full resolution: long enough to be in flight when the stop begins
        CompletableFuture<HttpResponse<byte[]>> inFlight = postAsync(api, "?flip=true&scales=2,2,2,2", png);
        Thread.sleep(1_500);
        assertThat(inFlight).isNotDone();
        server.close();
        HttpResponse<byte[]> response = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(labels(response.body()).width()).isEqualTo(480);
        assertThatThrownBy(() -> api.get("/health")).isInstanceOf(java.io.UncheckedIOException.class);
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as(series).isTrue();
        return Double.parseDouble(m.group(1));
    }
}

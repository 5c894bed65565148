package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.image.ImageFiles;
import org.seg4j.serve.ModelSource;
import org.seg4j.serve.SegmentationServer;
import org.seg4j.serve.ServerSettings;
import org.seg4j.testing.SharedData;

/** {@code seg4j serve}: the server's label PNG is {@code seg4j predict}'s; bad options; SIGTERM ends it with 0. */
class ServeCommandTest {
    private static final Path MODEL = SharedData.repoRoot().resolve("models/camvid-unet.seg4j");
    private static final Path IMAGE = SharedData.repoRoot().resolve("demo/camvid/val/0016E5_07959.png");

    @TempDir
    Path tmp;

    @Test
    void theServersLabelPngIsSeg4jPredicts() throws Exception {
        CliRun predict = CliRun.of("predict", "--model", MODEL.toString(), IMAGE.toString(), "--out",
                tmp.toString(), "--no-overlay");
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        Path predicted = tmp.resolve("0016E5_07959.png");
        try (SegmentationServer server = SegmentationServer.start(List.of(ModelSource.parse(MODEL.toString())),
                null, ServerSettings.defaults().withPort(0))) {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.port() + "/models/camvid-unet/segment")).header("Content-Type",
                    "image/png").POST(HttpRequest.BodyPublishers.ofFile(IMAGE)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            Path served = tmp.resolve("served.png");
            Files.write(served, r.body());
            // the same palette indices and the same palette colours
            assertThat(ImageFiles.readLabels(served).data()).isEqualTo(ImageFiles.readLabels(predicted).data());
            assertThat(ImageFiles.readRgb(served).data()).isEqualTo(ImageFiles.readRgb(predicted).data());
        }
    }

    @Test
    void badOptionValuesAndMissingModelsAreOneLineErrorsWithExitCode2() {
        for (String[] args : List.of(new String[] {"--max-batch", "0"}, new String[] {"--queue", "-1"},
                new String[] {"--max-upload-mb", "0"}, new String[] {"--port", "70000"})) {
            String[] all = new String[args.length + 3];
            all[0] = "serve";
            all[1] = "--model";
            all[2] = MODEL.toString();
            System.arraycopy(args, 0, all, 3, args.length);
            CliRun run = CliRun.of(all);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err().strip()).as(String.join(" ", args)).startsWith("seg4j serve: bad option value")
                    .doesNotContain("\n");
        }
        CliRun missing = CliRun.of("serve", "--port", "0", "--model", tmp.resolve("none.seg4j").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("none.seg4j");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void sigtermFinishesTheRequestInFlightAndExitsZero() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx2g", Seg4jCommand.class.getName(), "serve",
                "--port", "0", "--model", MODEL.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
            int port = -1;
            while (port < 0) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertThat(port).isPositive();
            StringBuilder rest = new StringBuilder();
            Thread drain = new Thread(() -> out.lines().forEach(l -> rest.append(l).append('\n')));
            drain.start();
            // eight passes at the image's full resolution: still running when SIGTERM arrives
            CompletableFuture<HttpResponse<byte[]>> inFlight = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/models/camvid-unet/segment?flip=true&scales=2,2,2,2")).header("Content-Type",
                            "image/png").POST(HttpRequest.BodyPublishers.ofFile(IMAGE)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Thread.sleep(1_500);
            assertThat(inFlight).isNotDone();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            drain.join(10_000);
            assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(process.exitValue()).as(rest.toString()).isZero();
        } finally {
            process.destroyForcibly();
        }
    }
}

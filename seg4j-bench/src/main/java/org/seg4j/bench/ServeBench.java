package org.seg4j.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.seg4j.BadInputException;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.RgbImage;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;
import org.seg4j.serve.ModelSource;
import org.seg4j.serve.SegmentationServer;
import org.seg4j.serve.ServerSettings;

/**
 * {@code seg4j bench serve}: {@code seg4j serve} under load, on this machine's loopback interface. Closed-loop clients
 * (1, 4 and 16 by default; each posts the next CamVid val image as soon as its previous answer arrived) send a fixed
 * number of requests to the server, started in this JVM with the bundled CamVid U-Net; per client count: images/s,
 * latency p50/p95/p99 and failed requests. In the same run, the reference: the in-process {@link Segmenter} on the
 * same images at batch 1. Then the overload case: an open loop at four times the best measured rate, whose answers
 * must all be 200 or 503; and the resident memory of the process ({@code VmRSS} of {@code /proc/self/status}) after
 * 200 and after 2,000 requests. Skips, saying so, when the CamVid val images are absent.
 *
 * <p>Parameters ({@code -P KEY=VALUE}): {@code model=FILE} (default models/camvid-unet.seg4j), {@code images=DIR}
 * (default ../shared/data/camvid/val), {@code requests=200} per client count, {@code clients=1,4,16},
 * {@code max-batch=8}, {@code max-wait-ms=10}, {@code queue=64}, {@code overload-seconds=30} (long enough for
 * the queue to fill),
 * {@code soak=2000} (0 skips the memory check).
 */
public final class ServeBench implements Benchmark {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** Untimed runs before timing, in-process and over HTTP alike. */
    private static final int WARMUP = 8;

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String description() {
        return "seg4j serve under 1/4/16 clients vs the in-process Segmenter at batch 1, images/s and latency";
    }

    /** What one load run measured. */
    private record Load(int requests, int failed, double seconds, double[] latenciesMillis) {
        double rate() {
            return (requests - failed) / seconds;
        }

        double percentile(double p) {
            double[] sorted = latenciesMillis.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1,
                    Math.ceil(p / 100 * sorted.length) - 1)];
        }
    }

    @Override
    public void run(BenchOptions options, PrintWriter out) {
        EngineThreads.request(options.threads());
        Path model = RepositoryFiles.param(options, "model", "models/camvid-unet.seg4j");
        Path folder = options.param("images", null) != null ? Path.of(options.param("images", null))
                : RepositoryFiles.find("../shared/data/camvid/val");
        if (folder == null || !Files.isDirectory(folder)) {
            out.println("serve: skipped: no CamVid val images (give -P images=DIR; the default is "
                    + "../shared/data/camvid/val beside the repository)");
            return;
        }
        int requests = BenchParams.positive(options, "requests", 200);
        int soak = BenchParams.nonNegative(options, "soak", 2000);
        int overloadSeconds = BenchParams.positive(options, "overload-seconds", 30);
        int[] clients = Arrays.stream(options.param("clients", "1,4,16").split(",")).mapToInt(c -> {
            try {
                return Integer.parseInt(c.trim());
            } catch (NumberFormatException e) {
                throw new BadInputException(null, "-P clients must be a comma-separated list of counts, got '" + c
                        + "'");
            }
        }).toArray();
        List<Path> files = images(folder);
        List<byte[]> uploads = files.stream().map(ServeBench::bytes).toList();
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, 1, BenchParams.positive(options, "max-batch", 8),
                BenchParams.nonNegative(options, "max-wait-ms", 10), BenchParams.positive(options, "queue", 64),
                ServerSettings.defaults().maxImagePixels(), ServerSettings.defaults().maxUploadBytes());
        out.printf(Locale.ROOT, "serve: %s, %d CamVid val images from %s, %d requests per client count; server: "
                + "batches of up to %d waiting up to %d ms, queue %d, %d inference worker; %d engine threads%n",
                model.getFileName(), files.size(), folder, requests, settings.maxBatch(), settings.maxWaitMillis(),
                settings.queueCapacity(), settings.threads(), EngineThreads.actual());
        out.printf("  machine: %s%n", Machine.describe());
        out.flush();

        double[] inProcessRates = inProcessRates(model, files, Math.min(files.size(), Math.max(10, requests / 4)));
        double inProcess = inProcessRates[1];
        out.printf(Locale.ROOT, "  in-process Segmenter, batch 1: %7.2f images/s on a thread of its own (as the "
                + "server's worker; the reference below), %.2f images/s on the calling thread%n", inProcess,
                inProcessRates[0]);
        out.flush();
        try (SegmentationServer server = SegmentationServer.start(List.of(new ModelSource("camvid-unet", model)),
                null, settings)) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI segment = URI.create("http://127.0.0.1:" + server.port() + "/models/camvid-unet/segment");
            closedLoop(client, segment, uploads, 1, WARMUP);
            double best = 0;
            for (int c : clients) {
                Load load = closedLoop(client, segment, uploads, c, requests);
                best = Math.max(best, load.rate());
                out.printf(Locale.ROOT, "  %2d client%s: %7.2f images/s (%.2fx in-process), latency p50 %6.0f ms, "
                        + "p95 %6.0f ms, p99 %6.0f ms, %d failed of %d%n", c, c == 1 ? " " : "s", load.rate(),
                        load.rate() / inProcess, load.percentile(50), load.percentile(95), load.percentile(99),
                        load.failed(), load.requests());
                out.flush();
            }
            overload(client, segment, uploads, 4 * best, overloadSeconds, server.port(), out);
            if (soak > 0) {
                soak(client, segment, uploads, soak, out);
            }
        }
    }

    /**
     * Images per second of {@link Segmenter#segment} on decoded images, one at a time, after as many warm-up runs as
     * the server gets ({@link #WARMUP}; libtorch's profiling executor optimises the graph over the first runs), on
     * the calling thread and on a thread of its own, as the server's inference worker runs (on a loaded machine
     * libtorch ran several times slower on the JVM's main thread than on a thread started later).
     *
     * @return {calling thread, own thread}
     */
    private static double[] inProcessRates(Path model, List<Path> files, int count) {
        List<RgbImage> images = files.stream().limit(count).map(ImageFiles::readRgb).toList();
        try (SegmentationModel m = SegmentationModel.open(model)) {
            Segmenter segmenter = Segmenter.of(m);
            double[] rates = new double[2];
            rates[0] = rate(segmenter, images);
            Thread worker = new Thread(() -> rates[1] = rate(segmenter, images), "in-process-worker");
            worker.start();
            join(List.of(worker));
            return rates;
        }
    }

    private static double rate(Segmenter segmenter, List<RgbImage> images) {
        for (int i = 0; i < WARMUP; i++) {
            segmenter.segment(images.get(i % images.size()));
        }
        long t0 = System.nanoTime();
        for (RgbImage image : images) {
            segmenter.segment(image);
        }
        return images.size() / ((System.nanoTime() - t0) / 1e9);
    }

    /** {@code clients} threads post the images in turn until {@code requests} were sent; each waits for its answer. */
    private static Load closedLoop(HttpClient client, URI uri, List<byte[]> uploads, int clients, int requests) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        double[] latencies = new double[requests];
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long start = System.nanoTime();
                    int status = post(client, uri, uploads.get(i % uploads.size()));
                    latencies[i] = (System.nanoTime() - start) / 1e6;
                    if (status != 200) {
                        failed.incrementAndGet();
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        join(threads);
        return new Load(requests, failed.get(), (System.nanoTime() - t0) / 1e9, latencies);
    }

    /**
     * An open loop: requests sent at {@code rate} per second for {@code seconds}, whatever the answers; counts the
     * answers by status. The server must answer every request, with 200 or 503 only, and stay healthy.
     */
    private static void overload(HttpClient client, URI uri, List<byte[]> uploads, double rate, int seconds, int port,
            PrintWriter out) {
        int total = (int) Math.ceil(rate * seconds);
        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = t0 + (long) (i / rate * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            }
            answers.add(client.sendAsync(request(uri, uploads.get(i % uploads.size())),
                    HttpResponse.BodyHandlers.discarding()).orTimeout(TIMEOUT.toSeconds(),
                            java.util.concurrent.TimeUnit.SECONDS)
                    .handle((r, e) -> {
                        statuses.computeIfAbsent(e == null ? String.valueOf(r.statusCode()) : "failed ("
                                + rootCause(e) + ")", k -> new AtomicInteger()).incrementAndGet();
                        return null;
                    }));
        }
        answers.forEach(CompletableFuture::join);
        int health = post(client, URI.create("http://127.0.0.1:" + port + "/health"), null);
        Map<String, Integer> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.get()));
        boolean onlyOkAndBusy = counts.keySet().stream().allMatch(k -> k.equals("200") || k.equals("503"));
        out.printf(Locale.ROOT, "  overload, open loop at 4x the best rate (%.1f requests/s for %d s, %d requests): "
                + "answers %s; only 200 and 503: %s; /health afterwards: %d%n", rate, seconds, total, counts,
                onlyOkAndBusy ? "yes" : "NO", health);
        out.flush();
    }

    /** Resident memory after 200 requests and after {@code total}, from 4 closed-loop clients. */
    private static void soak(HttpClient client, URI uri, List<byte[]> uploads, int total, PrintWriter out) {
        int first = Math.min(200, total);
        Load a = closedLoop(client, uri, uploads, 4, first);
        System.gc();
        long after200 = ProcessMemory.kib("VmRSS");
        out.printf(Locale.ROOT, "  resident memory (VmRSS, this process: server and clients): %d MiB after %d "
                + "requests (%d failed)%n", after200 >> 10, first, a.failed());
        out.flush();
        Load b = closedLoop(client, uri, uploads, 4, total - first);
        System.gc();
        long afterAll = ProcessMemory.kib("VmRSS");
        out.printf(Locale.ROOT, "  resident memory: %d MiB after %d requests (%+.1f%% from %d; %d failed)%n",
                afterAll >> 10, total, 100.0 * (afterAll - after200) / after200, first, b.failed());
        out.flush();
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static int post(HttpClient client, URI uri, byte[] body) {
        try {
            HttpRequest request = body == null ? HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build()
                    : request(uri, body);
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static HttpRequest request(URI uri, byte[] body) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static List<Path> images(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(
                    ".*\\.(png|jpe?g)")).sorted().toList();
            if (files.isEmpty()) {
                throw new BadInputException(folder, "no PNG or JPEG images");
            }
            return files;
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot list folder: " + e.getMessage());
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void join(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.seg4j.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The server's metrics in Prometheus' text exposition format (version 0.0.4): requests by method, route and status;
 * errors by route, status and error code; request latency; the queue depth and the batch sizes of each model. Each
 * server has its own registry, so several servers in one process do not mix their counts.
 */
final class ServerMetrics {
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Map<String, IntSupplier> queues = new ConcurrentHashMap<>();
    private final Counter requests = Counter.builder().name("seg4j_http_requests_total")
            .help("HTTP requests by method, route and status").labelNames("method", "route", "status")
            .register(registry);
    private final Counter errors = Counter.builder().name("seg4j_http_errors_total")
            .help("HTTP requests answered with an error, by route, status and error code")
            .labelNames("route", "status", "error").register(registry);
    private final Histogram latency = Histogram.builder().name("seg4j_http_request_duration_seconds")
            .help("Time from receiving a request to its response, by route").labelNames("route").classicOnly()
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30).register(registry);
    private final Histogram batches = Histogram.builder().name("seg4j_batch_size")
            .help("Requests stacked into one forward pass, by model").labelNames("model").classicOnly()
            .classicUpperBounds(1, 2, 4, 8, 16, 32, 64).register(registry);

    ServerMetrics() {
        GaugeWithCallback.builder().name("seg4j_queue_depth").help("Requests waiting for an inference worker, by model")
                .labelNames("model").callback(cb -> queues.forEach((model, depth) -> cb.call(depth.getAsInt(), model)))
                .register(registry);
    }

    /** Counts a finished request; {@code error} is the error code of an error response, else null. */
    void request(String method, String route, int status, String error, double seconds) {
        requests.labelValues(method, route, String.valueOf(status)).inc();
        if (error != null) {
            errors.labelValues(route, String.valueOf(status), error).inc();
        }
        latency.labelValues(route).observe(seconds);
    }

    /** Reports {@code model}'s queue depth as {@code depth} says it. */
    void queue(String model, IntSupplier depth) {
        queues.put(model, depth);
    }

    /** Records a batch of {@code size} requests run by {@code model}. */
    void batch(String model, int size) {
        batches.labelValues(model).observe(size);
    }

    String contentType() {
        return WRITER.getContentType();
    }

    /** The current values in the text format. */
    String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            WRITER.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

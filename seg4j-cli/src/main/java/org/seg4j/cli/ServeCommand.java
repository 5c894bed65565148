package org.seg4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.seg4j.BadInputException;
import org.seg4j.serve.ModelSource;
import org.seg4j.serve.SegmentationServer;
import org.seg4j.serve.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code seg4j serve --model FILE ...}: the HTTP service ({@link SegmentationServer}). SIGTERM or SIGINT stop it
 * gracefully (no new connections, the requests in flight answered) and the command exits 0.
 */
@Command(name = "serve", description = "Serve models over HTTP: a JSON/PNG API with dynamic batching, Prometheus "
        + "metrics at /metrics, an OpenAPI document at /openapi.json and a web page at /.")
final class ServeCommand implements Runnable {
    private final AtomicBoolean stopping = new AtomicBoolean();

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "[NAME=]FILE",
            description = "A segmentation model file (.seg4j), served at /models/NAME/segment; NAME defaults to the "
                    + "file name without its extension. Repeat for several models.")
    List<String> models;

    @Option(names = "--localizer", paramLabel = "[NAME=]FILE",
            description = "A localizer model file, served at /models/NAME/localize.")
    String localizer;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port; 0 = any free port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--threads", defaultValue = "1",
            description = "Inference workers per model, each running one batch at a time (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--max-batch", defaultValue = "8",
            description = "Most requests stacked into one forward pass (default ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-wait-ms", defaultValue = "10",
            description = "Longest a request waits for others to join its batch (default ${DEFAULT-VALUE}).")
    int maxWaitMillis;

    @Option(names = "--queue", defaultValue = "64",
            description = "Most requests waiting per model; beyond it the server answers 503 (default ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--max-image-pixels", defaultValue = "16777216",
            description = "Largest image, width x height from its header, checked before decoding (default ${DEFAULT-VALUE}).")
    long maxImagePixels;

    @Option(names = "--max-upload-mb", defaultValue = "32",
            description = "Largest request body in MiB (default ${DEFAULT-VALUE}).")
    int maxUploadMb;

    @Override
    public void run() {
        if (maxUploadMb < 1) {
            throw new BadInputException(null, "bad option value: --max-upload-mb must be >= 1, got " + maxUploadMb);
        }
        ServerSettings settings;
        try {
            settings = new ServerSettings(host, port, threads, maxBatch, maxWaitMillis, queue, maxImagePixels,
                    (long) maxUploadMb << 20);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(null, "bad option value: " + e.getMessage());
        }
        PrintWriter console = spec.commandLine().getOut();
        SegmentationServer server = SegmentationServer.start(models.stream().map(ModelSource::parse).toList(),
                localizer == null ? null : ModelSource.parse(localizer), settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stop(server, stopped));
        Signal.handle(new Signal("INT"), signal -> stop(server, stopped));
        console.printf("seg4j serve: listening on http://%s:%d/ (stop with SIGTERM or Ctrl-C)%n", host, server.port());
        console.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        console.println("seg4j serve: stopped");
        console.flush();
    }

    /** Stops the server once, however many signals arrive. */
    private void stop(SegmentationServer server, CountDownLatch stopped) {
        if (stopping.compareAndSet(false, true)) {
            server.close();
            stopped.countDown();
        }
    }
}

package org.seg4j.serve;

/**
 * How the server runs: where it listens, how requests are batched and what it accepts.
 *
 * @param host           the address to bind (127.0.0.1 by default: reachable from this machine only)
 * @param port           the TCP port; 0 = a free port chosen by the system
 * @param threads        inference workers per model (each runs one batch at a time) and CRF threads
 * @param maxBatch       most requests stacked into one forward pass
 * @param maxWaitMillis  longest a request waits for others to join its batch
 * @param queueCapacity  most requests waiting per model; beyond it the server answers 503
 * @param maxImagePixels largest image (width x height, read from its header before decoding)
 * @param maxUploadBytes largest request body
 */
public record ServerSettings(String host, int port, int threads, int maxBatch, int maxWaitMillis, int queueCapacity,
        long maxImagePixels, long maxUploadBytes) {
    public ServerSettings {
        require(host != null && !host.isBlank(), "host is empty");
        require(port >= 0 && port <= 65535, "port must be in [0, 65535], got " + port);
        require(threads >= 1, "threads must be >= 1, got " + threads);
        require(maxBatch >= 1, "max batch must be >= 1, got " + maxBatch);
        require(maxWaitMillis >= 0, "max wait must be >= 0 ms, got " + maxWaitMillis);
        require(queueCapacity >= 1, "queue must be >= 1, got " + queueCapacity);
        require(maxImagePixels >= 1, "max image pixels must be >= 1, got " + maxImagePixels);
        require(maxUploadBytes >= 1, "max upload must be >= 1 byte, got " + maxUploadBytes);
    }

    /**
     * Loopback, port 8080, one worker, batches of up to 8 waiting up to 10 ms, 64 queued, images up to 16 MP
     * (4096 x 4096), uploads up to 32 MiB.
     */
    public static ServerSettings defaults() {
        return new ServerSettings("127.0.0.1", 8080, 1, 8, 10, 64, 16_777_216L, 32L << 20);
    }

    public ServerSettings withPort(int port) {
        return new ServerSettings(host, port, threads, maxBatch, maxWaitMillis, queueCapacity, maxImagePixels,
                maxUploadBytes);
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}

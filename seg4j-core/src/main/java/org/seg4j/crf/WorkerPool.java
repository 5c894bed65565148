package org.seg4j.crf;

import java.util.concurrent.Phaser;

/**
 * A fixed set of worker threads that split an index range {@code [0, n)} into one contiguous chunk per thread and
 * run a body on each chunk, the caller taking the first. Workers stay alive between calls and wait on a
 * {@link Phaser}, so a call costs two barrier crossings and no thread start or task object. With one thread the
 * body runs inline.
 */
final class WorkerPool implements AutoCloseable {
    /** Work on the chunk {@code [from, to)}; {@code worker} is 0..threads-1 (to index per-thread scratch). */
    @FunctionalInterface
    interface RangeBody {
        void run(int worker, int from, int to);
    }

    private final int threads;
    private final Phaser phaser;
    private final Thread[] workers;
    private volatile RangeBody body;
    private volatile int size;
    private volatile boolean closed;
    private volatile Throwable failure;

    WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.phaser = new Phaser(threads);
        this.workers = new Thread[threads - 1];
        for (int w = 1; w < threads; w++) {
            int id = w;
            Thread t = new Thread(() -> loop(id), "seg4j-crf-" + id);
            t.setDaemon(true);
            workers[w - 1] = t;
            t.start();
        }
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body} over {@code [0, n)} split into {@link #threads()} chunks and returns when all are done. */
    void forRange(int n, RangeBody body) {
        if (threads == 1) {
            body.run(0, 0, n);
            return;
        }
        this.body = body;
        this.size = n;
        phaser.arriveAndAwaitAdvance();
        try {
            runChunk(0);
        } finally {
            phaser.arriveAndAwaitAdvance();
        }
        Throwable t = failure;
        if (t != null) {
            failure = null;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(t);
        }
    }

    private void runChunk(int worker) {
        int n = size;
        int from = (int) ((long) n * worker / threads);
        int to = (int) ((long) n * (worker + 1) / threads);
        if (from < to) {
            body.run(worker, from, to);
        }
    }

    private void loop(int id) {
        while (true) {
            phaser.arriveAndAwaitAdvance();
            if (closed) {
                phaser.arriveAndDeregister();
                return;
            }
            try {
                runChunk(id);
            } catch (Throwable t) {
                failure = t;
            }
            phaser.arriveAndAwaitAdvance();
        }
    }

    @Override
    public void close() {
        if (threads == 1 || closed) {
            return;
        }
        closed = true;
        phaser.arriveAndAwaitAdvance();
    }
}

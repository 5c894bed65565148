package org.seg4j.crf;

import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of worker threads, the caller among them, that run a body over an index range {@code [0, n)} in one of
 * two ways: {@link #forRange} gives each thread one contiguous chunk, in order (for work that keeps per-chunk state,
 * such as the lattice construction's hash tables); {@link #forGrains} cuts the range into grains of a fixed size that
 * the threads claim one after the other from a shared counter, so a thread that the operating system holds back
 * (another process on the core) leaves its share to the others instead of stalling the stage, and where a grain
 * starts does not depend on the thread count. Workers stay alive between calls and wait on a {@link Phaser}, so a
 * call costs two barrier crossings and no thread start. With one thread the body runs inline.
 */
final class WorkerPool implements AutoCloseable {
    /** Work on the chunk {@code [from, to)}; {@code worker} is 0..threads-1 (to index per-thread scratch). */
    @FunctionalInterface
    interface RangeBody {
        void run(int worker, int from, int to);
    }

    /** What every thread runs between the two barriers of a call. */
    @FunctionalInterface
    private interface Task {
        void run(int worker);
    }

    /**
     * Grains per range of {@link #grainSize}, whatever the thread count (so that grain boundaries, and what is summed
     * per grain, do not depend on it): 8 per thread up to 8 threads, so a thread held back for part of a stage costs
     * the others a few grains of waiting, few enough that claiming them (one atomic increment each) costs nothing
     * measurable.
     */
    static final int GRAINS = 64;

    private final int threads;
    private final Phaser phaser;
    private final Thread[] workers;
    private final AtomicInteger nextGrain = new AtomicInteger();
    private volatile Task task;
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

    /**
     * Runs {@code body} over {@code [0, n)} split into {@link #threads()} contiguous chunks, chunk {@code w} on worker
     * {@code w}, and returns when all are done.
     */
    void forRange(int n, RangeBody body) {
        if (threads == 1) {
            body.run(0, 0, n);
            return;
        }
        run(worker -> {
            int from = (int) ((long) n * worker / threads);
            int to = (int) ((long) n * (worker + 1) / threads);
            if (from < to) {
                body.run(worker, from, to);
            }
        });
    }

    /**
     * Runs {@code body} on the grains {@code [g * grain, min(n, (g + 1) * grain))} of {@code [0, n)}, each on whichever
     * thread claims it first, and returns when all are done. A body that must not depend on the thread count may rely
     * on the grain boundaries, which do not.
     */
    void forGrains(int n, int grain, RangeBody body) {
        if (grain < 1) {
            throw new IllegalArgumentException("grain must be at least 1, got " + grain);
        }
        int grains = grainCount(n, grain);
        if (threads == 1) {
            for (int g = 0; g < grains; g++) {
                body.run(0, g * grain, Math.min(n, (g + 1) * grain));
            }
            return;
        }
        nextGrain.set(0);
        run(worker -> {
            for (int g = nextGrain.getAndIncrement(); g < grains; g = nextGrain.getAndIncrement()) {
                body.run(worker, g * grain, Math.min(n, (g + 1) * grain));
            }
        });
    }

    /** The number of grains of {@code grain} indices that cover {@code [0, n)}. */
    static int grainCount(int n, int grain) {
        return (int) (((long) n + grain - 1) / grain);
    }

    /**
     * A grain size for {@code n} indices: about {@link #GRAINS} grains, rounded up to a multiple of {@code multiple};
     * the same for every thread count.
     */
    static int grainSize(int n, int multiple) {
        long perGrain = Math.max(1, ((long) n + GRAINS - 1) / GRAINS);
        return (int) Math.min(Integer.MAX_VALUE / 2, (perGrain + multiple - 1) / multiple * multiple);
    }

    /** Runs {@code task} on every thread, the caller as worker 0, and rethrows the first failure. */
    private void run(Task task) {
        this.task = task;
        phaser.arriveAndAwaitAdvance();
        try {
            task.run(0);
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

    private void loop(int id) {
        while (true) {
            phaser.arriveAndAwaitAdvance();
            if (closed) {
                phaser.arriveAndDeregister();
                return;
            }
            try {
                task.run(id);
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

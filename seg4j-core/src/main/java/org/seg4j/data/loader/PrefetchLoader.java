package org.seg4j.data.loader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.seg4j.BadInputException;
import org.seg4j.data.SampleReader;
import org.seg4j.data.augment.AugmentationPipeline;
import org.seg4j.image.Normalization;

/**
 * Feeds a network: decodes, augments and normalises samples on worker threads, up to {@code prefetch} samples ahead
 * of the consumer, and stacks them into {@link Batch}es.
 *
 * <p><b>Determinism.</b> An epoch visits the samples in {@link IndexOrder#indices}(size, epoch); sample i is
 * augmented with the generator of (pipeline seed, epoch, i), and batches are filled in visiting order whatever the
 * thread timing. So the batches of an epoch are the same with 0, 1 or 8 workers. With the SKIP policy of the
 * {@link SampleReader} a bad sample is left out and the next one in order takes its place.
 *
 * <p><b>Errors.</b> Under the FAIL policy the first bad sample's {@link BadInputException} is rethrown to the
 * consumer by {@link Iterator#hasNext()} / {@link Iterator#next()} (same file and problem, the worker's exception as
 * cause) and the epoch ends; samples of different sizes in one batch are an error naming the file.
 *
 * <p><b>Threads.</b> {@code workers} daemon threads named {@link #threadNamePrefix()}{@code N} live until
 * {@link #close()}; with 0 workers everything runs on the calling thread with no prefetch. One consumer thread at a
 * time; starting a new epoch abandons the previous one.
 */
public final class PrefetchLoader implements AutoCloseable {
    private static final AtomicInteger LOADERS = new AtomicInteger();

    private final SampleReader reader;
    private final IndexOrder order;
    private final AugmentationPipeline pipeline;
    private final Normalization normalization;
    private final int batchSize;
    private final int workers;
    private final int prefetch;
    private final boolean dropLast;
    private final String threadNamePrefix;
    private final ExecutorService executor;
    private EpochIterator current;
    private boolean closed;

    private PrefetchLoader(Builder b) {
        this.reader = b.reader;
        this.order = b.order;
        this.pipeline = b.pipeline;
        this.normalization = b.normalization;
        this.batchSize = b.batchSize;
        this.workers = b.workers;
        this.prefetch = b.prefetch > 0 ? b.prefetch : Math.max(2 * b.batchSize, b.workers);
        this.dropLast = b.dropLast;
        this.threadNamePrefix = "seg4j-loader-" + LOADERS.incrementAndGet() + "-";
        if (workers == 0) {
            executor = null;
        } else {
            AtomicInteger n = new AtomicInteger();
            executor = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, threadNamePrefix + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    public static Builder builder(SampleReader reader) {
        return new Builder(reader);
    }

    public int batchSize() {
        return batchSize;
    }

    public int workers() {
        return workers;
    }

    /** The samples decoded ahead of the consumer (0 workers: none). */
    public int prefetch() {
        return executor == null ? 0 : prefetch;
    }

    /** The name prefix of this loader's worker threads, unique per loader. */
    public String threadNamePrefix() {
        return threadNamePrefix;
    }

    /** The batches of one epoch; abandons the epoch started before, if any. */
    public EpochBatches epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /**
     * The batches of one epoch from visiting position {@code start} on (the samples before it in the epoch's order
     * are not read): a resumed run continues where {@link EpochBatches#position()} said it was.
     */
    public EpochBatches epoch(int epoch, int start) {
        if (closed) {
            throw new IllegalStateException("loader is closed");
        }
        if (current != null) {
            current.cancel();
        }
        current = new EpochIterator(epoch, start);
        return current;
    }

    /** The batches of an epoch, and how far into the epoch's visiting order they have reached. */
    public interface EpochBatches extends Iterator<Batch> {
        /** Positions of the epoch's order consumed by the batches returned so far (skipped samples included). */
        int position();
    }

    /**
     * Cancels the samples not yet started and stops the worker threads, waiting for them to end (at most one sample
     * each is finished and discarded: workers are not interrupted, so an interrupted read can never be mistaken for a
     * bad file).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (current != null) {
            current.cancel();
        }
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("loader threads " + threadNamePrefix + "* did not stop in 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reads, augments and normalises one sample; null when the reader skips it. */
    private PreparedSample prepare(int epoch, int index) {
        return reader.read(index).map(s -> PreparedSample.of(index, pipeline.apply(s, epoch, index), normalization))
                .orElse(null);
    }

    private final class EpochIterator implements EpochBatches {
        private final int epoch;
        private final int[] visit;
        private final ArrayDeque<Future<PreparedSample>> pending = new ArrayDeque<>();
        private int taken;
        private int submitted;
        private int returned;
        private int positionAfterNext;
        private Batch next;
        private boolean done;

        EpochIterator(int epoch, int start) {
            this.epoch = epoch;
            this.visit = order.indices(reader.dataset().size(), epoch);
            if (start < 0 || start > visit.length) {
                throw new IllegalArgumentException("start " + start + " is outside the epoch's " + visit.length
                        + " samples");
            }
            this.taken = start;
            this.submitted = start;
            this.returned = start;
            topUp();
        }

        @Override
        public int position() {
            return returned;
        }

        @Override
        public boolean hasNext() {
            if (!done && (closed || current != this)) {
                throw new IllegalStateException(closed ? "loader is closed" : "a later epoch was started");
            }
            if (next == null && !done) {
                next = compute();
            }
            return next != null;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " has no more batches");
            }
            Batch b = next;
            next = null;
            returned = positionAfterNext;
            return b;
        }

        private Batch compute() {
            List<PreparedSample> samples = new ArrayList<>(batchSize);
            try {
                while (samples.size() < batchSize && taken < visit.length) {
                    PreparedSample p = take();
                    if (p != null) {
                        samples.add(p);
                    }
                }
                if (samples.isEmpty() || (dropLast && samples.size() < batchSize)) {
                    finish();
                    return null;
                }
                positionAfterNext = taken;
                return PreparedSample.stack(samples);
            } catch (RuntimeException | Error e) {
                finish();
                throw e;
            }
        }

        private PreparedSample take() {
            int index = visit[taken++];
            if (executor == null) {
                return prepare(epoch, index);
            }
            Future<PreparedSample> f = pending.poll();
            topUp();
            try {
                return f.get();
            } catch (ExecutionException e) {
                throw rethrow(e.getCause(), index);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for sample " + reader.dataset().id(index));
            }
        }

        private RuntimeException rethrow(Throwable cause, int index) {
            if (cause instanceof BadInputException b) {
                return new BadInputException(b.file(), b.problem(), b);
            }
            return new IllegalStateException("preparing sample " + reader.dataset().id(index) + " failed: " + cause,
                    cause);
        }

        private void topUp() {
            while (executor != null && submitted < visit.length && submitted < taken + prefetch) {
                int index = visit[submitted++];
                pending.add(executor.submit(() -> prepare(epoch, index)));
            }
        }

        /** Ends the epoch: no more batches, nothing pending. */
        private void finish() {
            done = true;
            cancel();
        }

        /** Drops the pending samples; an abandoned epoch then refuses to go on (see {@link #hasNext()}). */
        void cancel() {
            next = null;
            for (Future<PreparedSample> f : pending) {
                f.cancel(false);
            }
            pending.clear();
        }
    }

    /** Settings of a loader; {@code set*} required, {@code opt*} optional (DJL's builder convention). */
    public static final class Builder {
        private final SampleReader reader;
        private IndexOrder order = IndexOrder.sequential();
        private AugmentationPipeline pipeline = AugmentationPipeline.identity();
        private Normalization normalization = Normalization.imagenet();
        private int batchSize;
        private int workers = Runtime.getRuntime().availableProcessors();
        private int prefetch;
        private boolean dropLast;

        private Builder(SampleReader reader) {
            this.reader = reader;
        }

        /** Samples per batch (required); the last batch of an epoch may be smaller unless {@link #optDropLast}. */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Visiting order; default sequential. */
        public Builder optOrder(IndexOrder order) {
            this.order = order;
            return this;
        }

        /** Augmentations; default none. */
        public Builder optPipeline(AugmentationPipeline pipeline) {
            this.pipeline = pipeline;
            return this;
        }

        /** Image normalisation; default {@link Normalization#imagenet()}. */
        public Builder optNormalization(Normalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /** Worker threads; 0 runs everything on the consumer's thread. Default: the number of cores. */
        public Builder optWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Samples prepared ahead of the consumer; default max(2 x batch size, workers). */
        public Builder optPrefetch(int prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /** Whether to drop an epoch's last batch when it is short; default false. */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        public PrefetchLoader build() {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
            }
            if (workers < 0 || prefetch < 0) {
                throw new IllegalArgumentException("workers and prefetch must not be negative");
            }
            return new PrefetchLoader(this);
        }
    }
}

package org.seg4j.serve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * Dynamic batching (as in TorchServe's {@code batch_size}/{@code max_batch_delay} and Triton's dynamic batcher): jobs
 * wait in a bounded queue; a worker takes the oldest job, then gathers queued jobs with the same key (up to
 * {@code maxBatch}, waiting at most {@code maxWait} for more to arrive) and runs them as one batch. Jobs with other
 * keys stay queued for the next batch. When the queue is full, {@link #submit} refuses the job at once instead of
 * letting memory grow.
 *
 * @param <K> what jobs must share to run together (e.g. image size and inference options)
 * @param <I> a job's input
 * @param <O> a job's output
 */
final class DynamicBatcher<K, I, O> implements AutoCloseable {
    /** Runs a batch of inputs that share {@code key}; returns one output per input, in order. */
    interface BatchFunction<K, I, O> {
        List<O> run(K key, List<I> inputs);
    }

    private record Job<K, I, O>(K key, I input, CompletableFuture<O> result) {
    }

    private final int capacity;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final BatchFunction<K, I, O> function;
    private final IntConsumer batchSizes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Job<K, I, O>> queue = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    private boolean closed;

    /**
     * @param name       names the worker threads
     * @param workers    threads running batches, each one batch at a time
     * @param batchSizes told the size of every batch run (for metrics)
     */
    DynamicBatcher(String name, int workers, int capacity, int maxBatch, long maxWaitMillis,
            BatchFunction<K, I, O> function, IntConsumer batchSizes) {
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.function = function;
        this.batchSizes = batchSizes;
        for (int i = 0; i < workers; i++) {
            Thread worker = new Thread(this::work, name + "-worker-" + i);
            worker.setDaemon(true);
            this.workers.add(worker);
            worker.start();
        }
    }

    /**
     * Queues a job.
     *
     * @return its result, completed by a worker (exceptionally if the batch failed)
     * @throws ApiException 503 {@code overloaded} when the queue is full or the batcher is closing
     */
    CompletableFuture<O> submit(K key, I input) {
        Job<K, I, O> job = new Job<>(key, input, new CompletableFuture<>());
        lock.lock();
        try {
            if (closed) {
                throw new ApiException(503, "overloaded", "the server is shutting down");
            }
            if (queue.size() >= capacity) {
                throw new ApiException(503, "overloaded", "the queue is full (" + capacity + " requests waiting); "
                        + "retry later");
            }
            queue.addLast(job);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return job.result();
    }

    /** Jobs waiting for a worker. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        try {
            for (List<Job<K, I, O>> batch = next(); batch != null; batch = next()) {
                run(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next batch: the oldest job and the queued jobs with its key; null once closed and drained. */
    private List<Job<K, I, O>> next() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closed) {
                    return null;
                }
                changed.await();
            }
            Job<K, I, O> first = queue.pollFirst();
            List<Job<K, I, O>> batch = new ArrayList<>(List.of(first));
            long deadline = System.nanoTime() + maxWaitNanos;
            while (true) {
                for (Iterator<Job<K, I, O>> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch;) {
                    Job<K, I, O> job = it.next();
                    if (job.key().equals(first.key())) {
                        it.remove();
                        batch.add(job);
                    }
                }
                long left = deadline - System.nanoTime();
                if (batch.size() >= maxBatch || left <= 0 || closed) {
                    return batch;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private void run(List<Job<K, I, O>> batch) {
        batchSizes.accept(batch.size());
        try {
            List<O> outputs = function.run(batch.get(0).key(), batch.stream().map(Job::input).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(outputs.get(i));
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(job -> job.result().completeExceptionally(e));
        }
    }

    /** Refuses new jobs, lets the workers finish every queued job, and waits for them. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

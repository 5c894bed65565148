package org.seg4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The batcher with a batch function that records its batches; a latch holds the worker while jobs queue up. */
class DynamicBatcherTest {
    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);

    private DynamicBatcher<String, String, String> batcher(int capacity, int maxBatch, long maxWaitMillis) {
        return new DynamicBatcher<>("test", 1, capacity, maxBatch, maxWaitMillis, (key, inputs) -> {
            started.countDown();
            await(release);
            batches.add(List.copyOf(inputs));
            return inputs.stream().map(s -> key + ":" + s).toList();
        }, sizes::add);
    }

    @Test
    void queuedJobsWithTheSameKeyRunTogetherUpToTheMaximumInArrivalOrder() throws Exception {
        List<CompletableFuture<String>> results = new ArrayList<>();
        try (DynamicBatcher<String, String, String> b = batcher(100, 3, 0)) {
            results.add(b.submit("a", "0"));
            await(started); // the worker holds job 0; the rest queue behind it
            for (String[] job : new String[][] {{"a", "1"}, {"b", "2"}, {"a", "3"}, {"a", "4"}, {"a", "5"}, {"b", "6"}}) {
                results.add(b.submit(job[0], job[1]));
            }
            assertThat(b.queued()).isEqualTo(6);
            release.countDown();
            for (CompletableFuture<String> r : results) {
                r.get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(results).extracting(CompletableFuture::join)
                .containsExactly("a:0", "a:1", "b:2", "a:3", "a:4", "a:5", "b:6");
        // oldest first; its key's jobs join it (at most 3); other keys wait for their own batch
        assertThat(batches).containsExactly(List.of("0"), List.of("1", "3", "4"), List.of("2", "6"), List.of("5"));
        assertThat(sizes).containsExactly(1, 3, 2, 1);
    }

    @Test
    void aJobWaitsUpToTheMaximumWaitForOthersToJoin() throws Exception {
        release.countDown();
        try (DynamicBatcher<String, String, String> b = batcher(100, 8, 2_000)) {
            CompletableFuture<String> first = b.submit("a", "0");
            Thread.sleep(200); // well inside the 2 s wait: the worker is still gathering
            CompletableFuture<String> second = b.submit("a", "1");
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("a:0");
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("a:1");
        }
        assertThat(batches).containsExactly(List.of("0", "1"));
    }

    @Test
    void aFullQueueRefusesAtOnceWith503() {
        try (DynamicBatcher<String, String, String> b = batcher(2, 1, 0)) {
            b.submit("a", "0");
            await(started);
            b.submit("a", "1");
            b.submit("a", "2");
            assertThatThrownBy(() -> b.submit("a", "3")).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.error()).isEqualTo("overloaded");
            });
            release.countDown();
        }
        assertThat(batches).containsExactly(List.of("0"), List.of("1"), List.of("2"));
    }

    @Test
    void closeFinishesTheQueuedJobsAndThenRefusesNewOnes() throws Exception {
        DynamicBatcher<String, String, String> b = batcher(10, 1, 0);
        CompletableFuture<String> first = b.submit("a", "0");
        await(started);
        CompletableFuture<String> queued = b.submit("a", "1");
        Thread closer = new Thread(b::close);
        closer.start();
        release.countDown();
        closer.join(10_000);
        assertThat(first).isCompletedWithValue("a:0");
        assertThat(queued).isCompletedWithValue("a:1");
        assertThatThrownBy(() -> b.submit("a", "2")).isInstanceOf(ApiException.class);
    }

    @Test
    void aFailingBatchFailsItsJobsAndTheWorkerGoesOn() throws Exception {
        try (DynamicBatcher<String, String, String> b = new DynamicBatcher<>("test", 1, 10, 4, 0, (key, inputs) -> {
            if (key.equals("bad")) {
                throw new IllegalStateException("boom");
            }
            return inputs;
        }, size -> { })) {
            assertThat(b.submit("bad", "x")).failsWithin(10, TimeUnit.SECONDS);
            assertThat(b.submit("good", "y").get(10, TimeUnit.SECONDS)).isEqualTo("y");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

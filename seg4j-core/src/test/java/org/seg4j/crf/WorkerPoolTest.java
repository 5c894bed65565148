package org.seg4j.crf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    @Test
    void grainsCoverTheRangeOnceAtFixedBoundariesForAnyThreadCount() {
        int n = 1003;
        int grain = 64;
        for (int threads = 1; threads <= 4; threads++) {
            AtomicIntegerArray visits = new AtomicIntegerArray(n);
            List<int[]> calls = new ArrayList<>();
            try (WorkerPool pool = new WorkerPool(threads)) {
                pool.forGrains(n, grain, (worker, from, to) -> {
                    synchronized (calls) {
                        calls.add(new int[] {worker, from, to});
                    }
                    for (int i = from; i < to; i++) {
                        visits.incrementAndGet(i);
                    }
                });
            }
            for (int i = 0; i < n; i++) {
                assertThat(visits.get(i)).as("index %d, %d threads", i, threads).isEqualTo(1);
            }
            assertThat(calls).hasSize(WorkerPool.grainCount(n, grain)).hasSize(16);
            for (int[] c : calls) {
                assertThat(c[0]).isBetween(0, threads - 1);
                assertThat(c[1] % grain).isZero();
                assertThat(c[2]).isEqualTo(Math.min(n, c[1] + grain));
            }
        }
    }

    @Test
    void grainSizeIsAMultipleGivingAboutSixtyFourGrains() {
        assertThat(WorkerPool.grainSize(172_800, 128)).isEqualTo(2_816); // 2700 rounded up to 22 blocks of 128
        assertThat(WorkerPool.grainSize(6_400, 1)).isEqualTo(100);
        assertThat(WorkerPool.grainSize(10, 1)).isEqualTo(1);
        assertThat(WorkerPool.grainSize(0, 128)).isEqualTo(128);
    }

    @Test
    void aFailingGrainFailsTheCall() {
        try (WorkerPool pool = new WorkerPool(2)) {
            assertThatThrownBy(() -> pool.forGrains(100, 10, (worker, from, to) -> {
                if (from == 50) {
                    throw new IllegalStateException("grain at 50");
                }
            })).hasMessage("grain at 50");
            assertThatThrownBy(() -> pool.forGrains(100, 0, (worker, from, to) -> { }))
                    .hasMessageContaining("grain must be at least 1");
        }
    }
}

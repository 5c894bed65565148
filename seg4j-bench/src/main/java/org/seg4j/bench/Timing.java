package org.seg4j.bench;

import java.util.Arrays;

/** Times repeated runs of a task and reports the median, so one slow run does not move the figure. */
public final class Timing {
    private Timing() {
    }

    /** Runs {@code warmup} untimed then {@code repetitions} timed executions; returns the median in nanoseconds. */
    public static long medianNanos(int warmup, int repetitions, Runnable task) {
        for (int i = 0; i < warmup; i++) {
            task.run();
        }
        long[] times = new long[repetitions];
        for (int i = 0; i < repetitions; i++) {
            long t0 = System.nanoTime();
            task.run();
            times[i] = System.nanoTime() - t0;
        }
        Arrays.sort(times);
        return repetitions % 2 == 1 ? times[repetitions / 2]
                : (times[repetitions / 2 - 1] + times[repetitions / 2]) / 2;
    }

    /** The median of measured values (the mean of the middle two for an even count); NaN for none. */
    public static double median(double... values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

package org.seg4j.bench;

import java.util.Map;

/**
 * Options shared by the benchmarks: repetitions, threads, an optional data set ({@code KIND:PATH}), and free
 * {@code key=value} parameters a benchmark may read.
 */
public record BenchOptions(int repetitions, int threads, String data, Map<String, String> params) {
    public String param(String key, String fallback) {
        return params.getOrDefault(key, fallback);
    }
}

package org.seg4j.bench;

import java.io.PrintWriter;

/**
 * One micro-benchmark run by {@code seg4j bench NAME}: it times seg4j's implementation and, in the same run, a
 * reference (a naive implementation or another library), and prints medians and their ratio.
 */
public interface Benchmark {
    /** The name on the command line. */
    String name();

    /** One line for {@code seg4j bench --help}. */
    String description();

    void run(BenchOptions options, PrintWriter out);
}

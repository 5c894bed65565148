package org.seg4j.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import org.seg4j.nn.engine.EngineInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints versions and engine facts, and proves the engine computes. */
@Command(name = "info", description = "Print seg4j, Java, DJL and PyTorch versions and check the engine works.")
final class InfoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-16s %s%n", "seg4j", Seg4jVersion.version());
        out.printf("%-16s %s (%s)%n", "java", System.getProperty("java.version"), System.getProperty("java.vendor"));
        out.printf("%-16s %s %s%n", "os", System.getProperty("os.name"), System.getProperty("os.arch"));
        for (Map.Entry<String, String> e : EngineInfo.describe().entrySet()) {
            out.printf("%-16s %s%n", e.getKey(), e.getValue());
        }
        out.printf("%-16s %s%n", "allocator", nativeAllocator());
        long start = System.nanoTime();
        float[] product = EngineInfo.selfTest();
        out.printf("%-16s ok: [[1,2],[3,4]] x [[5,6],[7,8]] = %s (%.1f ms)%n", "engine check",
                Arrays.toString(product), (System.nanoTime() - start) / 1e6);
        out.flush();
    }

    /** Which native allocator libtorch's buffers go through; it decides whether a long run's memory stays flat. */
    private static String nativeAllocator() {
        String preload = System.getenv().getOrDefault("LD_PRELOAD", "");
        if (preload.contains("jemalloc")) {
            return "jemalloc (" + preload + ")";
        }
        String threshold = System.getenv("MALLOC_MMAP_THRESHOLD_");
        return threshold != null ? "glibc, fixed mmap threshold " + threshold
                : "glibc defaults (long training runs may grow in memory: see docs/training.md)";
    }
}

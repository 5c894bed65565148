package org.seg4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine a benchmark runs on, as it prints it: the cores the JVM sees, the CPU model and the load average at the
 * start (from Linux's {@code /proc/cpuinfo} and {@code /proc/loadavg}; "unknown" elsewhere), so a figure measured
 * while other jobs ran says so.
 */
final class Machine {
    private Machine() {
    }

    /** One line, e.g. {@code 2 cores (Intel(R) Xeon(R) Processor), load average 4.57 (1 min) at start}. */
    static String describe() {
        return String.format(Locale.ROOT, "%d cores (%s), load average %s (1 min) at start",
                Runtime.getRuntime().availableProcessors(), cpuModel(), loadAverage());
    }

    private static String cpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown CPU";
    }

    private static String loadAverage() {
        List<String> lines = lines(Path.of("/proc/loadavg"));
        return lines.isEmpty() ? "unknown" : lines.get(0).split(" ")[0];
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}

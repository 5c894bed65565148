package org.seg4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory as Linux reports it in {@code /proc/self/status}. */
final class ProcessMemory {
    private ProcessMemory() {
    }

    /**
     * A field of {@code /proc/self/status} in KiB, e.g. {@code VmRSS} (resident now) or {@code VmHWM} (peak
     * resident); -1 when it cannot be read (not Linux).
     */
    static long kib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}

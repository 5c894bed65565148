package org.seg4j.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.seg4j.cli.Seg4jCommand;

/**
 * Runs one {@code seg4j} command line in a fresh JVM, then prints the process's peak resident set size as
 * {@code peak-rss-kib N}: Linux's {@code VmHWM} from {@code /proc/self/status}, the high-water mark of the resident
 * set (every page of the process in RAM: Java heap, JVM structures, native libraries and libtorch's tensors) since the
 * process started; -1 where {@code /proc} is not available. {@code seg4j bench predict-large} starts it.
 */
public final class PeakMemoryMain {
    private PeakMemoryMain() {
    }

    public static void main(String[] args) {
        int code = Seg4jCommand.execute(args);
        System.out.println("peak-rss-kib " + peakRssKib());
        System.out.flush();
        System.exit(code);
    }

    /** {@code VmHWM} of this process in KiB, or -1 when it cannot be read. */
    static long peakRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}

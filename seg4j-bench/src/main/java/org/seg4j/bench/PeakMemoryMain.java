package org.seg4j.bench;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Runs the {@code main} method of another class (the first argument, e.g. the {@code seg4j} command) in this fresh
 * JVM with the remaining arguments, and when the JVM exits (also through {@code System.exit}) prints the process's
 * peak resident set size as {@code peak-rss-kib N}: Linux's {@code VmHWM} from {@code /proc/self/status}, the
 * high-water mark of the resident set (every page of the process in RAM: Java heap, JVM structures, native libraries
 * and libtorch's tensors) since the process started; -1 where {@code /proc} is not available.
 * {@code seg4j bench predict-large} starts it.
 */
public final class PeakMemoryMain {
    private PeakMemoryMain() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: PeakMemoryMain MAIN_CLASS [ARGUMENTS...]");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("peak-rss-kib " + peakRssKib());
            System.out.flush();
        }));
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(args[0] + " failed", e.getCause());
        }
    }

    /** {@code VmHWM} of this process in KiB, or -1 when it cannot be read. */
    static long peakRssKib() {
        return ProcessMemory.kib("VmHWM");
    }
}

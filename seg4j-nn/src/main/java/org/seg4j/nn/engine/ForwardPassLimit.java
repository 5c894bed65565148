package org.seg4j.nn.engine;

import java.lang.management.ManagementFactory;
import org.seg4j.BadInputException;

/**
 * The most pixels one forward pass may hold (batch x height x width), so that a huge test-time scale, an unbounded
 * whole-image pass or a huge training crop is refused with one line instead of exhausting the machine's memory (the
 * probe measured 19.6 GB for {@code --scales 40} on a 128 x 128 image and 12.6 GB for a 4096 x 4096 crop, about
 * 750 bytes per pixel for SegNet-Basic). The default is one pixel per 4 KiB of the machine's physical memory
 * (6.1 million pixels on a 24 GB machine): with SegNet-Basic's 750 bytes per pixel a pass then takes under a fifth of
 * the memory, and deeper networks, which take several times more per pixel, still fit. Raise or lower it with the
 * system property {@value #PROPERTY}; images larger than it are segmented with sliding windows ({@code --tile}).
 */
public final class ForwardPassLimit {
    /** The system property that sets the limit in pixels. */
    public static final String PROPERTY = "seg4j.maxPassPixels";
    /** Bytes of physical memory per allowed pixel. */
    static final long BYTES_PER_PIXEL = 4096;
    /** The limit never falls below a 1024 x 1024 pass, whatever the machine. */
    static final long FLOOR = 1L << 20;

    private ForwardPassLimit() {
    }

    /** The limit in force: the system property, or one pixel per 4 KiB of physical memory (at least 2^20). */
    public static long maxPixels() {
        String value = System.getProperty(PROPERTY);
        if (value != null) {
            try {
                long max = Long.parseLong(value.trim());
                if (max >= 1) {
                    return max;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new BadInputException(null, "system property " + PROPERTY + " must be a positive whole number of "
                    + "pixels, got '" + value + "'");
        }
        return Math.max(FLOOR, physicalMemory() / BYTES_PER_PIXEL);
    }

    /**
     * @param what what the pass holds, for the message, e.g. {@code "the 5120x5120 image (128x128 at scale 40)"}
     * @throws BadInputException if {@code pixels} exceeds {@link #maxPixels()}
     */
    public static void require(long pixels, String what) {
        long max = maxPixels();
        if (pixels > max) {
            throw new BadInputException(null, what + " would put " + pixels + " pixels through the network in one "
                    + "pass, more than the limit of " + max + (System.getProperty(PROPERTY) == null
                    ? " (one per 4 KiB of this machine's memory)" : "") + "; raise it with -D" + PROPERTY + "=PIXELS");
        }
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }
}

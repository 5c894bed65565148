package org.seg4j.image;

import java.nio.file.Path;
import org.seg4j.BadInputException;

/**
 * The largest image seg4j decodes, checked against the size in the file's header before any pixel is decoded, so a
 * small file claiming a huge size (a "decompression bomb") costs nothing. The default, 2^27 = 134,217,728 pixels
 * (e.g. 11585 x 11585), holds the 8192 x 8192 images of {@code seg4j bench predict-large} twice over; decoded, such an
 * image takes 3 bytes per pixel (384 MiB) in seg4j and about as much again inside the decoder. Raise it with the
 * system property {@value #PROPERTY} (e.g. {@code SEG4J_JAVA_OPTS=-Dseg4j.maxImagePixels=300000000}); it cannot
 * exceed what one Java array of RGB bytes holds.
 */
public final class ImageLimits {
    /** The system property that sets the maximum number of pixels. */
    public static final String PROPERTY = "seg4j.maxImagePixels";
    /** The default maximum number of pixels, 2^27. */
    public static final long DEFAULT_MAX_PIXELS = 1L << 27;
    /** One RGB byte array must hold the image: 3 bytes per pixel in at most {@code Integer.MAX_VALUE - 8} bytes. */
    private static final long ARRAY_MAX_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    private ImageLimits() {
    }

    /** The maximum number of pixels in force: the system property, or the default. */
    public static long maxPixels() {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            return DEFAULT_MAX_PIXELS;
        }
        try {
            long max = Long.parseLong(value.trim());
            if (max < 1) {
                throw new NumberFormatException();
            }
            return Math.min(max, ARRAY_MAX_PIXELS);
        } catch (NumberFormatException e) {
            throw new BadInputException(null, "system property " + PROPERTY + " must be a positive whole number of "
                    + "pixels, got '" + value + "'");
        }
    }

    /**
     * @throws BadInputException naming the file, its size and the limit, if the image is empty or has more pixels
     *     than {@link #maxPixels()}
     */
    public static void require(Path file, long width, long height) {
        if (width < 1 || height < 1) {
            throw new BadInputException(file, "the header gives an empty image, " + width + "x" + height);
        }
        long max = maxPixels();
        if ((double) width * height > max) {
            throw new BadInputException(file, "image is " + width + "x" + height + " pixels, more than the limit of " + max
                    + " pixels" + " (raise it with -D" + PROPERTY + "=PIXELS)");
        }
    }
}

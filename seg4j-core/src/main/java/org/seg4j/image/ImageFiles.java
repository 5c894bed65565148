package org.seg4j.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.seg4j.BadInputException;
import org.seg4j.io.AtomicFiles;
import org.seg4j.io.InputFiles;

/**
 * Decodes and encodes images and label maps (PNG, JPEG, BMP through {@link ImageIO}). Label files are read as the
 * raw values stored in them: the palette index of an indexed PNG (as VOC's), or the grey level of an 8-bit grey PNG
 * (as CamVid's, Cityscapes' and ISBI's). Label PNGs are written indexed, with a palette, like VOC's.
 */
public final class ImageFiles {
    static {
        ImageIO.setUseCache(false);
    }

    private ImageFiles() {
    }

    /**
     * Reads an image as 8-bit RGB; grey images are replicated to three channels, alpha is dropped. A colour image
     * decoded into a tightly packed BGR buffer (the usual case for PNG and JPEG) is turned into RGB in place and kept,
     * so reading costs one image-sized array, not two. Grey levels are read from the samples as stored: a 16-bit
     * level v becomes round(v * 255 / 65535), the nearest 8-bit level and the rounding Java2D applies to 16-bit
     * colour images (not {@code v >> 8}, which is up to one level darker); Java2D's own conversion of grey with
     * alpha or with 16 bits treats the levels as linear light and brightens them (126 became 187).
     *
     * @throws BadInputException if the file is missing, not a regular file, truncated or corrupt (a PNG chunk CRC
     *     mismatch, a JPEG without its end marker), or larger than {@link ImageLimits}
     */
    public static RgbImage readRgb(Path file) {
        return convert(decode(file), true);
    }

    /**
     * Decodes an image held in memory (PNG, JPEG or BMP bytes, e.g. an upload) as {@link #readRgb(Path)} reads a file.
     *
     * @throws BadInputException (with no file) if the bytes are empty, corrupt or not an image
     */
    public static RgbImage readRgb(byte[] encoded) {
        return convert(decode(encoded, null), true);
    }

    /** A copy of an AWT image as 8-bit RGB, converted as {@link #readRgb(Path)} converts decoded files. */
    public static RgbImage toRgb(BufferedImage img) {
        return convert(img, false);
    }

    /** {@code img} as RGB; {@code reuse}: a packed BGR buffer may be turned into RGB in place and kept. */
    private static RgbImage convert(BufferedImage img, boolean reuse) {
        int w = img.getWidth();
        int h = img.getHeight();
        Raster raster = img.getRaster();
        if (reuse && img.getType() == BufferedImage.TYPE_3BYTE_BGR && isPacked(raster, 3)) {
            byte[] bgr = ((DataBufferByte) raster.getDataBuffer()).getData();
            for (int i = 0; i < bgr.length; i += 3) {
                byte b = bgr[i];
                bgr[i] = bgr[i + 2];
                bgr[i + 2] = b;
            }
            return new RgbImage(w, h, bgr);
        }
        byte[] out = new byte[3 * w * h];
        if (isGrey(img.getColorModel())) {
            greyToRgb(raster, img.getColorModel().getComponentSize(0), out);
            return new RgbImage(w, h, out);
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0, j = 0; i < argb.length; i++, j += 3) {
            out[j] = (byte) (argb[i] >> 16);
            out[j + 1] = (byte) (argb[i] >> 8);
            out[j + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, out);
    }

    /** A grey image stored as levels (not through a palette), with or without alpha, of any bit depth. */
    private static boolean isGrey(ColorModel model) {
        return !(model instanceof IndexColorModel) && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    /** Band 0 of the raster (the grey level) scaled from {@code bits} to 8 bits, rounded, replicated to R, G, B. */
    private static void greyToRgb(Raster raster, int bits, byte[] out) {
        int w = raster.getWidth();
        long max = (1L << bits) - 1;
        int[] row = new int[w];
        for (int y = 0, j = 0; y < raster.getHeight(); y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++, j += 3) {
                byte level = (byte) (bits == 8 ? row[x] : (row[x] * 255L + max / 2) / max);
                out[j] = level;
                out[j + 1] = level;
                out[j + 2] = level;
            }
        }
    }

    /**
     * Reads the raw label values of a single-channel image: palette indices of an indexed PNG or grey levels of an
     * 8-bit grey PNG.
     *
     * @throws BadInputException if the file is missing, corrupt or truncated (as {@link #readRgb}), or has colour
     *     channels or more than 8 bits
     */
    public static LabelMap readLabels(Path file) {
        BufferedImage img = decode(file);
        Raster raster = img.getRaster();
        if (raster.getNumBands() != 1) {
            throw new BadInputException(file, "a label image must have one channel (palette or grey), this one has "
                    + raster.getNumBands() + " (" + describe(img) + ")");
        }
        int bits = img.getColorModel().getComponentSize(0);
        if (img.getColorModel() instanceof IndexColorModel icm) {
            bits = icm.getPixelSize();
        }
        if (bits > 8) {
            throw new BadInputException(file, "a label image must have at most 8 bits per pixel, this one has " + bits);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] labels = new byte[w * h];
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY
                || (img.getType() == BufferedImage.TYPE_BYTE_INDEXED && raster.getDataBuffer() instanceof DataBufferByte
                        && ((DataBufferByte) raster.getDataBuffer()).getData().length == w * h)) {
            System.arraycopy(((DataBufferByte) raster.getDataBuffer()).getData(), 0, labels, 0, labels.length);
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    labels[y * w + x] = (byte) row[x];
                }
            }
        }
        return new LabelMap(w, h, labels);
    }

    /**
     * Whether the raster's samples are one byte array of exactly {@code bands x width x height} values, pixel after
     * pixel, row after row, with no offset or row padding.
     */
    private static boolean isPacked(Raster raster, int bands) {
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                || buffer.getOffset() != 0 || raster.getParent() != null
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)) {
            return false;
        }
        return model.getNumBands() == bands && model.getPixelStride() == bands
                && model.getScanlineStride() == bands * raster.getWidth()
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && buffer.getData().length == bands * raster.getWidth() * raster.getHeight();
    }

    /** The image's width and height, read from its header without decoding its pixels. */
    public static int[] size(Path file) {
        return withReader(file, InputFiles.readAllBytes(file), reader -> new int[] {reader.getWidth(0),
            reader.getHeight(0)});
    }

    private static BufferedImage decode(Path file) {
        return decode(InputFiles.readAllBytes(file), file);
    }

    /**
     * Decodes the first image of encoded bytes after checking what ImageIO does not: a PNG's chunk structure and CRCs
     * ({@link PngChunks}), the size given in the header against {@link ImageLimits} before any pixel is decoded, and
     * the decoder's warnings, through which the JPEG decoder reports a truncated file or damaged entropy-coded data
     * while still returning an image with the missing part filled in grey.
     * {@code file} (null for bytes from elsewhere) names them in errors.
     */
    private static BufferedImage decode(byte[] bytes, Path file) {
        if (bytes.length == 0) {
            throw new BadInputException(file, "file is empty");
        }
        if (PngChunks.isPng(bytes)) {
            PngChunks.verify(file, bytes);
        }
        return withReader(file, bytes, reader -> {
            ImageLimits.require(file, reader.getWidth(0), reader.getHeight(0));
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage img = reader.read(0);
            if (!warnings.isEmpty()) {
                throw new BadInputException(file, "corrupt or truncated image: " + String.join("; ", warnings));
            }
            return img;
        });
    }

    /** A step that reads through an image reader. */
    private interface ReaderStep<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /**
     * Runs {@code step} with the image reader of the file's format, turning decoder failures into a
     * {@link BadInputException} naming the file.
     */
    private static <T> T withReader(Path file, byte[] bytes, ReaderStep<T> step) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadInputException(file, "not a readable image (unknown format)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return step.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) {
                throw b;
            }
            throw new BadInputException(file, "corrupt or truncated image: " + e.getMessage(), e);
        }
    }

    private static String describe(BufferedImage img) {
        return img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_RGB ? "colour image"
                : "image type " + img.getType();
    }

    /** Writes a label map as an indexed PNG whose palette is {@code palette} (0xRRGGBB, 256 entries). */
    public static void writeLabelPng(Path file, LabelMap labels, int[] palette) {
        write(file, indexed(labels, palette), "png");
    }

    /** Encodes a label map as the indexed PNG {@link #writeLabelPng} writes (e.g. for an HTTP response). */
    public static byte[] encodeLabelPng(LabelMap labels, int[] palette) {
        return encodePng(indexed(labels, palette));
    }

    /** A view of the label map as an 8-bit indexed image with {@code palette} (0xRRGGBB, 256 entries). */
    private static BufferedImage indexed(LabelMap labels, int[] palette) {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) (palette[i] >> 16);
            g[i] = (byte) (palette[i] >> 8);
            b[i] = (byte) palette[i];
        }
        IndexColorModel icm = new IndexColorModel(8, 256, r, g, b);
        return new BufferedImage(icm, bytes(labels.data(), labels.width(), labels.height(), 1), false, null);
    }

    /** Writes a label map as an 8-bit grey PNG (the encoding CamVid and Cityscapes use). */
    public static void writeGreyPng(Path file, LabelMap labels) {
        ColorModel grey = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        write(file, new BufferedImage(grey, bytes(labels.data(), labels.width(), labels.height(), 1), false, null),
                "png");
    }

    /** Writes an RGB image; the format follows the extension (png, jpg/jpeg, bmp). */
    public static void writeRgb(Path file, RgbImage image) {
        write(file, toBufferedImage(image), formatOf(file));
    }

    /** Encodes an RGB image as PNG bytes (for embedding in reports). */
    public static byte[] encodePng(RgbImage image) {
        return encodePng(toBufferedImage(image));
    }

    private static byte[] encodePng(BufferedImage image) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A view of the image's own bytes as an sRGB BufferedImage (R, G, B interleaved); nothing is copied. */
    private static BufferedImage toBufferedImage(RgbImage image) {
        ColorModel rgb = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(rgb, bytes(image.data(), image.width(), image.height(), 3), false, null);
    }

    /** A raster over {@code data} itself: {@code bands} interleaved byte samples per pixel, rows packed. */
    private static WritableRaster bytes(byte[] data, int width, int height, int bands) {
        int[] offsets = new int[bands];
        for (int b = 0; b < bands; b++) {
            offsets[b] = b;
        }
        return Raster.createInterleavedRaster(new DataBufferByte(data, data.length), width, height, bands * width,
                bands, offsets, null);
    }

    private static String formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "jpg";
        }
        if (name.endsWith(".bmp")) {
            return "bmp";
        }
        return "png";
    }

    private static void write(Path file, BufferedImage img, String format) {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, format, out)) {
                throw new IOException("no image writer for " + format);
            }
        });
    }
}

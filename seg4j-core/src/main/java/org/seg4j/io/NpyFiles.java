package org.seg4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seg4j.BadInputException;

/**
 * Reads and writes float32 arrays in numpy's {@code .npy} format (format versions 1.0 to 3.0, see numpy's
 * {@code numpy.lib.format}): the magic {@code \x93NUMPY}, a version, a little-endian header length, an ASCII
 * Python dict {@code {'descr': '<f4', 'fortran_order': False, 'shape': (L, H, W), }} padded with spaces to a
 * multiple of 64 bytes and ending in a newline, then the data in C (row-major) order.
 */
public final class NpyFiles {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFiles() {
    }

    /** A float32 array: its shape and its values in C order. */
    public record FloatArray(int[] shape, float[] data) {
    }

    /**
     * Reads a float32 array ({@code <f4}, or big-endian {@code >f4}) in C order.
     *
     * @throws BadInputException if the file is missing, not a .npy file, another dtype, Fortran order, or truncated
     */
    public static FloatArray readFloat32(Path file) {
        byte[] bytes = InputFiles.readAllBytes(file);
        if (bytes.length < 10 || !startsWithMagic(bytes)) {
            throw new BadInputException(file, "not a numpy .npy file (no \\x93NUMPY magic)");
        }
        int major = bytes[6];
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = in.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new BadInputException(file, "truncated .npy header");
            }
            headerLength = in.getInt(8) & 0xFFFFFFFFL;
            headerStart = 12;
        } else {
            throw new BadInputException(file, "unsupported .npy format version " + major + "." + bytes[7]);
        }
        if (headerStart + headerLength > bytes.length) {
            throw new BadInputException(file, "truncated .npy header: " + headerLength + " bytes announced, "
                    + (bytes.length - headerStart) + " present");
        }
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, "descr", file);
        String fortran = find(FORTRAN, header, "fortran_order", file);
        int[] shape = parseShape(find(SHAPE, header, "shape", file), file);
        ByteOrder order;
        if (descr.equals("<f4")) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (descr.equals(">f4")) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new BadInputException(file, "dtype is '" + descr + "', expected float32 ('<f4'); convert with "
                    + "a.astype(np.float32)");
        }
        if (fortran.equals("True")) {
            throw new BadInputException(file, "array is in Fortran order; save np.ascontiguousarray(a) instead");
        }
        long count = 1;
        for (int s : shape) {
            count *= s;
        }
        long dataStart = headerStart + headerLength;
        long expected = count * 4;
        if (count > Integer.MAX_VALUE || bytes.length - dataStart < expected) {
            throw new BadInputException(file, "truncated data: shape " + shapeString(shape) + " needs " + expected
                    + " bytes, the file has " + (bytes.length - dataStart));
        }
        if (bytes.length - dataStart > expected) {
            throw new BadInputException(file, "file has " + (bytes.length - dataStart - expected)
                    + " bytes after the data of shape " + shapeString(shape));
        }
        float[] data = new float[(int) count];
        ByteBuffer.wrap(bytes, (int) dataStart, (int) expected).order(order).asFloatBuffer().get(data);
        return new FloatArray(shape, data);
    }

    /** Writes {@code data} (C order) as a float32 ({@code <f4}) .npy file of the given shape, atomically. */
    public static void writeFloat32(Path file, int[] shape, float[] data) {
        byte[] bytes = encodeFloat32(shape, data);
        AtomicFiles.write(file, stream -> stream.write(bytes));
    }

    /** The bytes of the .npy file {@link #writeFloat32} writes (format version 1.0). */
    public static byte[] encodeFloat32(int[] shape, float[] data) {
        long count = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + shapeString(shape));
            }
            count *= s;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + shapeString(shape) + " holds " + count + " values, got "
                    + data.length);
        }
        StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': ")
                .append(shapeString(shape)).append(", }");
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        dict.append(" ".repeat(padding)).append('\n');
        byte[] header = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + header.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header);
        out.asFloatBuffer().put(data);
        return out.array();
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String find(Pattern p, String header, String key, Path file) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new BadInputException(file, "bad .npy header, no valid '" + key + "' entry: " + header.trim());
        }
        return m.group(1);
    }

    private static int[] parseShape(String text, Path file) {
        String t = text.trim();
        if (t.isEmpty()) {
            return new int[0];
        }
        String[] parts = t.split(",");
        int count = parts[parts.length - 1].isBlank() ? parts.length - 1 : parts.length;
        int[] shape = new int[count];
        for (int i = 0; i < count; i++) {
            try {
                shape[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new BadInputException(file, "bad .npy header, shape (" + text + ") is not a tuple of sizes");
            }
            if (shape[i] < 0) {
                throw new BadInputException(file, "bad .npy header, negative size in shape (" + text + ")");
            }
        }
        return shape;
    }

    private static String shapeString(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(')').toString();
    }
}

package org.seg4j.image;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.seg4j.BadInputException;

/**
 * Checks the chunk structure of a PNG file (PNG specification, 2nd edition, ISO/IEC 15948, sections 5.2-5.6): the
 * signature, that every chunk's length lies inside the file, every chunk's CRC-32 over its type and data, IHDR first
 * and IEND present. ImageIO's PNG reader verifies no CRC and stops at the last IDAT, so a file cut after its pixel
 * data or damaged in transit would otherwise decode without a word. Bytes after IEND are ignored, as decoders do.
 */
final class PngChunks {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngChunks() {
    }

    /** Whether the bytes start with the PNG signature. */
    static boolean isPng(byte[] bytes) {
        if (bytes.length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (bytes[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /** @throws BadInputException naming the first damaged chunk, or a missing IHDR or IEND */
    static void verify(Path file, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(SIGNATURE.length);
        CRC32 crc = new CRC32();
        boolean first = true;
        while (true) {
            if (in.remaining() < 12) {
                throw new BadInputException(file, "truncated PNG: the file ends at byte " + bytes.length
                        + " without an IEND chunk");
            }
            int start = in.position();
            long length = Integer.toUnsignedLong(in.getInt());
            String type = new String(bytes, start + 4, 4, StandardCharsets.ISO_8859_1);
            if (length > in.remaining() - 8) {
                throw new BadInputException(file, "truncated PNG: chunk " + printable(type) + " at byte " + start
                        + " declares " + length + " bytes of data, the file has " + (in.remaining() - 8) + " left");
            }
            if (first && !type.equals("IHDR")) {
                throw new BadInputException(file, "corrupt PNG: the first chunk is " + printable(type)
                        + ", not IHDR");
            }
            first = false;
            crc.reset();
            crc.update(bytes, start + 4, 4 + (int) length);
            in.position(start + 8 + (int) length);
            long stored = Integer.toUnsignedLong(in.getInt());
            if (stored != crc.getValue()) {
                throw new BadInputException(file, "corrupt PNG: CRC mismatch in chunk " + printable(type) + " at byte "
                        + start + " (stored " + Long.toHexString(stored) + ", computed "
                        + Long.toHexString(crc.getValue()) + ")");
            }
            if (type.equals("IEND")) {
                return;
            }
        }
    }

    /** The chunk type as text when it is four ASCII letters (as the specification requires), else its bytes. */
    private static String printable(String type) {
        return type.matches("[A-Za-z]{4}") ? type : "with type bytes " + java.util.HexFormat.of()
                .formatHex(type.getBytes(StandardCharsets.ISO_8859_1));
    }
}

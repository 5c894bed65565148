package org.seg4j.nn.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seg4j.BadInputException;
import org.seg4j.io.InputFiles;
import org.seg4j.io.JsonInput;

/**
 * A safetensors file, read and validated (format: https://github.com/huggingface/safetensors#format).
 * <pre>
 *   8 bytes        N, unsigned little-endian 64-bit: the header length
 *   N bytes        UTF-8 JSON: {"NAME": {"dtype": "F32", "shape": [2, 3], "data_offsets": [BEGIN, END]}, ...,
 *                               "__metadata__": {"key": "value", ...}}   (optional, strings only)
 *   rest           the byte buffer; offsets are relative to its start, tensors are raw little-endian, row-major
 * </pre>
 * Every rule of the format is checked, each failure a {@link BadInputException} naming the file and the tensor: the
 * header length fits the file, the JSON is an object without duplicate names, every dtype is known, each shape times
 * the element size equals {@code END - BEGIN}, and the tensors tile the buffer exactly (sorted by offset they start
 * at 0, each begins where the previous ends, and the last ends at the end of the file). Tensor bytes are
 * memory-mapped, so opening a large file costs little until values are read.
 */
public final class Safetensors {
    /** Key of the string-to-string metadata map in the header. */
    public static final String METADATA_KEY = "__metadata__";
    /** The reference implementation's limit on the header length (100 MB). */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final ObjectMapper MAPPER = JsonInput.mapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path file;
    private final Map<String, String> metadata;
    private final Map<String, StoredTensor> tensors;

    private Safetensors(Path file, Map<String, String> metadata, Map<String, StoredTensor> tensors) {
        this.file = file;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * Reads and validates the header of {@code file} and maps its tensors.
     *
     * @throws BadInputException if the file is missing, unreadable or breaks any rule of the format
     */
    public static Safetensors read(Path file) {
        InputFiles.requireRegularFile(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            if (fileSize < 8) {
                throw new BadInputException(file, "not a safetensors file: " + fileSize
                        + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lengthBytes = readFully(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength < 0 || headerLength > fileSize - 8) {
                throw new BadInputException(file, "header length " + Long.toUnsignedString(headerLength)
                        + " runs past the end of the file (" + fileSize + " bytes): truncated or not a safetensors file");
            }
            if (headerLength > MAX_HEADER_BYTES) {
                throw new BadInputException(file, "header length " + headerLength + " exceeds the format's limit of "
                        + MAX_HEADER_BYTES + " bytes");
            }
            JsonNode header = parseHeader(file, readFully(ch, 8, (int) headerLength));
            long dataStart = 8 + headerLength;
            Map<String, String> metadata = metadata(file, header.get(METADATA_KEY));
            List<Entry> entries = entries(file, header);
            checkTiling(file, entries, fileSize - dataStart);
            Map<String, StoredTensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                long length = e.end - e.begin;
                if (length > Integer.MAX_VALUE) {
                    throw new BadInputException(file, "tensor '" + e.name + "' has " + length
                            + " bytes; seg4j reads tensors of up to 2 GiB");
                }
                ByteBuffer bytes = length == 0 ? ByteBuffer.allocate(0)
                        : ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin, length);
                tensors.put(e.name, new StoredTensor(file, e.name, e.dtype, e.shape, bytes));
            }
            return new Safetensors(file, metadata, tensors);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "file does not exist");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** The header's {@code __metadata__} map (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Tensor names in the order of their bytes in the file. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws BadInputException if there is none
     */
    public StoredTensor tensor(String name) {
        StoredTensor t = tensors.get(name);
        if (t == null) {
            throw new BadInputException(file, "no tensor '" + name + "' (the file has " + tensors.size() + ")");
        }
        return t;
    }

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new EOFException("file ended while reading the header");
            }
        }
        return buf.flip();
    }

    private static JsonNode parseHeader(Path file, ByteBuffer bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "header is not valid UTF-8: not a safetensors file");
        }
        JsonNode header;
        try {
            header = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "header is not valid JSON (" + e.getOriginalMessage()
                    + "): not a safetensors file, or a corrupt one");
        }
        if (header == null || !header.isObject()) {
            throw new BadInputException(file, "header must be a JSON object");
        }
        return header;
    }

    private static Map<String, String> metadata(Path file, JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!node.isObject()) {
            throw new BadInputException(file, METADATA_KEY + " must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isTextual()) {
                throw new BadInputException(file, METADATA_KEY + " entry '" + f.getKey() + "' is not a string");
            }
            out.put(f.getKey(), f.getValue().asText());
        }
        return out;
    }

    private static List<Entry> entries(Path file, JsonNode header) {
        List<Entry> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equals(METADATA_KEY)) {
                out.add(entry(file, f.getKey(), f.getValue()));
            }
        }
        out.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        return out;
    }

    private static Entry entry(Path file, String name, JsonNode node) {
        String where = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw new BadInputException(file, where + ": header entry is not an object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new BadInputException(file, where + " has no \"dtype\"");
        }
        DType dtype = DType.parse(dtypeNode.asText());
        if (dtype == null) {
            throw new BadInputException(file, where + " has unknown dtype \"" + dtypeNode.asText() + "\"");
        }
        long[] shape = naturals(file, node.get("shape"), where + " \"shape\"", -1);
        long[] offsets = naturals(file, node.get("data_offsets"), where + " \"data_offsets\"", 2);
        if (offsets[1] < offsets[0]) {
            throw new BadInputException(file, where + " has data_offsets " + offsets[0] + ", " + offsets[1]
                    + " with end before begin");
        }
        long count = StoredTensor.elementCount(shape);
        long expected = count < 0 || count > Long.MAX_VALUE / dtype.bytes() ? -1 : count * dtype.bytes();
        long actual = offsets[1] - offsets[0];
        if (expected != actual) {
            throw new BadInputException(file, where + " has shape " + java.util.Arrays.toString(shape) + " of "
                    + dtype + " (" + (expected < 0 ? "overflowing" : expected) + " bytes) but data_offsets span "
                    + actual + " bytes");
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] naturals(Path file, JsonNode node, String where, int length) {
        if (node == null || !node.isArray() || length >= 0 && node.size() != length) {
            throw new BadInputException(file, where + " must be an array of "
                    + (length >= 0 ? length + " " : "") + "non-negative integers");
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
                throw new BadInputException(file, where + " must hold non-negative integers, got " + v);
            }
            out[i] = v.asLong();
        }
        return out;
    }

    private static void checkTiling(Path file, List<Entry> sorted, long dataLength) {
        long position = 0;
        for (Entry e : sorted) {
            if (e.begin < position) {
                throw new BadInputException(file, "tensor '" + e.name + "' (bytes " + e.begin + ".." + e.end
                        + ") overlaps the previous tensor, which ends at byte " + position);
            }
            if (e.begin > position) {
                throw new BadInputException(file, "bytes " + position + ".." + e.begin + " before tensor '" + e.name
                        + "' belong to no tensor");
            }
            if (e.end > dataLength) {
                throw new BadInputException(file, "tensor '" + e.name + "' ends at byte " + e.end
                        + " but the data holds only " + dataLength + " bytes: the file is truncated");
            }
            position = e.end;
        }
        if (position != dataLength) {
            throw new BadInputException(file, "the last " + (dataLength - position)
                    + " bytes of the data belong to no tensor");
        }
    }
}

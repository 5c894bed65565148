package org.seg4j.nn.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.seg4j.io.AtomicFiles;

/**
 * Collects tensors and writes them as one safetensors file (format in {@link Safetensors}). Tensors are stored in
 * the order they were added, with no gaps; the JSON header is padded with spaces to a multiple of 8 bytes, as the
 * reference writer does, so the data starts 8-byte aligned.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Pending(String name, DType dtype, long[] shape, byte[] bytes) {
    }

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<Pending> tensors = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** Adds a {@code __metadata__} entry. */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /**
     * Adds float values stored as {@code F32} or {@code F16} (rounded to nearest, ties to even).
     *
     * @throws IllegalArgumentException for another type, a repeated name or values that do not fill the shape
     */
    public SafetensorsWriter addFloats(String name, long[] shape, float[] values, DType storeAs) {
        if (storeAs != DType.F32 && storeAs != DType.F16) {
            throw new IllegalArgumentException("floats are stored as F32 or F16, not " + storeAs);
        }
        checkSize(name, shape, values.length);
        ByteBuffer b = ByteBuffer.allocate(values.length * storeAs.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            if (storeAs == DType.F32) {
                b.putFloat(v);
            } else {
                b.putShort(HalfFloat.floatToHalf(v));
            }
        }
        return add(new Pending(name, storeAs, shape.clone(), b.array()));
    }

    /** Adds 64-bit integers stored as {@code I64}. */
    public SafetensorsWriter addLongs(String name, long[] shape, long[] values) {
        checkSize(name, shape, values.length);
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return add(new Pending(name, DType.I64, shape.clone(), b.array()));
    }

    /** Writes the file atomically (temporary file, then rename). */
    public void write(Path file) {
        AtomicFiles.write(file, this::writeTo);
    }

    public void writeTo(OutputStream out) throws IOException {
        ObjectNode header = MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = header.putObject(Safetensors.METADATA_KEY);
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (Pending t : tensors) {
            ObjectNode e = header.putObject(t.name);
            e.put("dtype", t.dtype.name());
            Arrays.stream(t.shape).forEach(e.putArray("shape")::add);
            e.putArray("data_offsets").add(offset).add(offset + t.bytes.length);
            offset += t.bytes.length;
        }
        byte[] json = MAPPER.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.write(headerBytes);
        for (Pending t : tensors) {
            out.write(t.bytes);
        }
    }

    private SafetensorsWriter add(Pending p) {
        if (p.name.equals(Safetensors.METADATA_KEY) || !names.add(p.name)) {
            throw new IllegalArgumentException("tensor name '" + p.name + "' is reserved or already used");
        }
        tensors.add(p);
        return this;
    }

    private static void checkSize(String name, long[] shape, int count) {
        if (StoredTensor.elementCount(shape) != count) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape) + " needs "
                    + StoredTensor.elementCount(shape) + " values, got " + count);
        }
    }
}

package org.seg4j.nn.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Minimal reader of the test fixtures written by tools/reference/backbones.py in the safetensors format (u64 LE
 * header length, JSON header, raw LE data), F32 and BF16 only. To be replaced by org.seg4j.nn.io's reader at merge.
 */
final class SafetensorsFixture {
    record Tensor(long[] shape, float[] data) {
    }

    private SafetensorsFixture() {
    }

    static Map<String, Tensor> read(String resource) {
        try (InputStream in = SafetensorsFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            ByteBuffer all = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            int headerLength = (int) all.getLong(0);
            JsonNode header = new ObjectMapper().readTree(new String(all.array(), 8, headerLength, java.nio.charset.StandardCharsets.UTF_8));
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode shapeNode = e.getValue().get("shape");
                long[] shape = new long[shapeNode.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeNode.get(i).asLong();
                }
                int begin = 8 + headerLength + e.getValue().get("data_offsets").get(0).asInt();
                String dtype = e.getValue().get("dtype").asText();
                int count = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
                float[] data = new float[count];
                for (int i = 0; i < count; i++) {
                    data[i] = switch (dtype) {
                        case "F32" -> all.getFloat(begin + 4 * i);
                        case "BF16" -> Float.intBitsToFloat((all.getShort(begin + 2 * i) & 0xffff) << 16);
                        default -> throw new IllegalArgumentException(resource + ": unsupported dtype " + dtype);
                    };
                }
                tensors.put(e.getKey(), new Tensor(shape, data));
            }
            return tensors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

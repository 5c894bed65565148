package org.seg4j.label;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import org.seg4j.BadInputException;
import org.seg4j.io.InputFiles;
import org.seg4j.io.JsonInput;

/**
 * Reads and writes label specs as JSON, for custom data sets and for model files:
 * <pre>{@code
 * {"name": "roads", "ignoreIndex": 255, "ignoreColor": [0,0,0], "ignoreIds": [255, 254],
 *  "classes": [{"name": "road", "color": [128,64,128], "ids": [7]}, {"name": "car", "color": [0,0,142]}]}
 * }</pre>
 * A class without {@code ids} is stored on disk under its training id (its position in the list). {@code ignoreIds}
 * defaults to {@code [ignoreIndex]}; {@code ignoreIndex} defaults to 255 and {@code ignoreColor} to black. Any other
 * key is an error, as is a class name used twice.
 */
public final class LabelSpecJson {
    private static final ObjectMapper MAPPER = JsonInput.mapper();
    private static final Set<String> ROOT_KEYS = Set.of("name", "ignoreIndex", "ignoreColor", "ignoreIds", "classes");
    private static final Set<String> CLASS_KEYS = Set.of("name", "color", "ids");

    private LabelSpecJson() {
    }

    /**
     * A built-in spec by name ({@link BuiltinLabelSpecs#names()}) or else a JSON file at that path.
     *
     * @throws BadInputException if it is neither
     */
    public static LabelSpec resolve(String nameOrPath) {
        LabelSpec builtin = BuiltinLabelSpecs.byName(nameOrPath);
        if (builtin != null) {
            return builtin;
        }
        Path file = Path.of(nameOrPath);
        if (!Files.exists(file)) {
            throw new BadInputException(file, "no such label spec file, and not a built-in spec ("
                    + String.join(", ", BuiltinLabelSpecs.names()) + ")");
        }
        return read(file);
    }

    public static LabelSpec read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(InputFiles.readAllBytes(file, JsonInput.MAX_SMALL_FILE_BYTES, "label spec"));
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + InputFiles.reason(e), e);
        }
        try {
            return fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "invalid label spec: " + e.getMessage());
        }
    }

    /** Parses a spec from a JSON tree; throws IllegalArgumentException describing what is wrong. */
    public static LabelSpec fromJson(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        requireKnownKeys(root, ROOT_KEYS, "the label spec");
        JsonNode classes = root.get("classes");
        if (classes == null || !classes.isArray() || classes.isEmpty()) {
            throw new IllegalArgumentException("\"classes\" must be a non-empty array");
        }
        LabelSpec.Builder b = LabelSpec.builder(root.path("name").asText("custom"));
        for (int i = 0; i < classes.size(); i++) {
            JsonNode c = classes.get(i);
            String where = "classes[" + i + "]";
            if (!c.isObject()) {
                throw new IllegalArgumentException(where + " must be an object");
            }
            requireKnownKeys(c, CLASS_KEYS, where);
            if (!c.hasNonNull("name") || !c.get("name").isTextual()) {
                throw new IllegalArgumentException(where + " has no \"name\"");
            }
            int color = c.has("color") ? color(c.get("color"), where + ".color") : BuiltinLabelSpecs.vocColor(i);
            b.addClass(c.get("name").asText(), color, ints(c.get("ids"), where + ".ids"));
        }
        if (root.has("ignoreIndex")) {
            b.ignoreIndex(intValue(root.get("ignoreIndex"), "ignoreIndex"));
        }
        if (root.has("ignoreColor")) {
            b.ignoreColor(color(root.get("ignoreColor"), "ignoreColor"));
        }
        if (root.has("ignoreIds")) {
            b.ignoreDiskIds(ints(root.get("ignoreIds"), "ignoreIds"));
        }
        return b.build();
    }

    /** A misspelt key (say {@code "ignore_index"}) would otherwise be ignored silently and its default used. */
    private static void requireKnownKeys(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in " + where + " (known keys: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    public static ObjectNode toJson(LabelSpec spec) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", spec.name());
        root.put("ignoreIndex", spec.ignoreIndex());
        root.set("ignoreColor", rgb(spec.ignoreColor()));
        ArrayNode ignoreIds = root.putArray("ignoreIds");
        for (int d : spec.diskIds(spec.ignoreIndex())) {
            ignoreIds.add(d);
        }
        ArrayNode classes = root.putArray("classes");
        for (int i = 0; i < spec.numClasses(); i++) {
            ObjectNode c = classes.addObject();
            c.put("name", spec.classNames().get(i));
            c.set("color", rgb(spec.color(i)));
            ArrayNode ids = c.putArray("ids");
            for (int d : spec.diskIds(i)) {
                ids.add(d);
            }
        }
        return root;
    }

    private static ArrayNode rgb(int color) {
        return MAPPER.createArrayNode().add(color >> 16 & 0xFF).add(color >> 8 & 0xFF).add(color & 0xFF);
    }

    private static int color(JsonNode node, String where) {
        int[] c = ints(node, where);
        if (c.length != 3 || java.util.Arrays.stream(c).anyMatch(v -> v < 0 || v > 255)) {
            throw new IllegalArgumentException(where + " must be [r, g, b] with values 0..255");
        }
        return c[0] << 16 | c[1] << 8 | c[2];
    }

    private static int[] ints(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return new int[0];
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + " must be an array of integers");
        }
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = intValue(node.get(i), where);
        }
        return out;
    }

    private static int intValue(JsonNode node, String where) {
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException(where + " must be an integer, got " + node);
        }
        return node.asInt();
    }
}

package org.seg4j.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.seg4j.image.Normalization;
import org.seg4j.label.LabelSpec;
import org.seg4j.label.LabelSpecJson;

/**
 * The JSON form of a {@link ModelCard}, version {@value #VERSION}:
 * <pre>{@code
 * {"format": "seg4j-model", "version": 1,
 *  "architecture": "fcn8s",
 *  "arguments": {"numClasses": 21, "inChannels": 3, "options": {"backbone": "vgg16"}},
 *  "labels": {...},                                   // LabelSpecJson
 *  "normalization": {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]},
 *  "provenance": {"dataset": "voc:/data/VOC2012", "metrics": {...}, "training": {...}}}
 * }</pre>
 */
public final class ModelCardJson {
    /** Value of "format". */
    public static final String FORMAT = "seg4j-model";
    /** The version this code writes and reads. */
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ModelCardJson() {
    }

    public static ObjectNode toJson(ModelCard card) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("architecture", card.architecture());
        ObjectNode args = root.putObject("arguments");
        args.put("numClasses", card.numClasses());
        args.put("inChannels", card.inChannels());
        ObjectNode options = args.putObject("options");
        card.options().forEach(options::put);
        root.set("labels", LabelSpecJson.toJson(card.labels()));
        ObjectNode norm = root.putObject("normalization");
        floats(norm.putArray("mean"), card.normalization().mean());
        floats(norm.putArray("std"), card.normalization().std());
        root.put("inputScale", card.inputScale());
        ObjectNode provenance = root.putObject("provenance");
        provenance.put("dataset", card.provenance().dataset());
        provenance.set("metrics", card.provenance().metrics());
        provenance.set("training", card.provenance().training());
        return root;
    }

    /**
     * Parses a card.
     *
     * @throws IllegalArgumentException describing what is missing or wrong, including another format or version
     */
    public static ModelCard fromJson(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw new IllegalArgumentException("\"format\" is " + root.get("format") + ", expected \"" + FORMAT + "\"");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.asInt() != VERSION) {
            throw new IllegalArgumentException("model file version " + version + " is not supported: this seg4j "
                    + "reads version " + VERSION + (version != null && version.isInt() && version.asInt() > VERSION
                    ? " (the file was written by a newer seg4j)" : ""));
        }
        JsonNode args = object(root, "arguments");
        Map<String, String> options = new LinkedHashMap<>();
        JsonNode opts = args.get("options");
        if (opts != null && !opts.isNull()) {
            if (!opts.isObject()) {
                throw new IllegalArgumentException("\"arguments.options\" must be an object of strings");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = opts.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new IllegalArgumentException("option '" + e.getKey() + "' is not a string");
                }
                options.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode norm = object(root, "normalization");
        JsonNode provenance = root.path("provenance");
        ModelCard.Provenance prov = new ModelCard.Provenance(provenance.path("dataset").isTextual()
                ? provenance.get("dataset").asText() : null, objectOrNull(provenance, "metrics"),
                objectOrNull(provenance, "training"));
        return new ModelCard(text(root, "architecture"), integer(args, "numClasses"), integer(args, "inChannels"),
                options, labels(object(root, "labels")), new Normalization(floats(norm, "mean"), floats(norm, "std")),
                prov, inputScale(root));
    }

    private static LabelSpec labels(JsonNode node) {
        try {
            return LabelSpecJson.fromJson(node);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"labels\": " + e.getMessage(), e);
        }
    }

    private static void floats(ArrayNode out, float[] values) {
        for (float v : values) {
            out.add(v);
        }
    }

    private static float[] floats(JsonNode parent, String name) {
        JsonNode a = parent.get(name);
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException("\"normalization." + name + "\" must be an array of numbers");
        }
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isNumber()) {
                throw new IllegalArgumentException("\"normalization." + name + "\" must be an array of numbers");
            }
            out[i] = a.get(i).floatValue();
        }
        return out;
    }

    /** Optional; cards written before it existed mean 1. */
    private static double inputScale(JsonNode root) {
        JsonNode n = root.get("inputScale");
        if (n == null) {
            return 1;
        }
        if (!n.isNumber()) {
            throw new IllegalArgumentException("\"inputScale\" is not a number");
        }
        return n.asDouble();
    }

    private static JsonNode object(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("\"" + name + "\" is missing or not an object");
        }
        return n;
    }

    private static ObjectNode objectOrNull(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        return n != null && n.isObject() ? (ObjectNode) n : null;
    }

    private static String text(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("\"" + name + "\" is missing or not a string");
        }
        return n.asText();
    }

    private static int integer(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n == null || !n.isInt()) {
            throw new IllegalArgumentException("\"arguments." + name + "\" is missing or not an integer");
        }
        return n.asInt();
    }
}

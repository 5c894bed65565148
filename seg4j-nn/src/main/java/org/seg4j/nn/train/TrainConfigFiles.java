package org.seg4j.nn.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import org.seg4j.BadInputException;
import org.seg4j.io.InputFiles;
import org.seg4j.io.JsonInput;

/**
 * Reads a {@link TrainConfig} from JSON files that compose, as mmsegmentation's configs do: a file may list others in
 * {@code "extends": ["../models/unet.json", "../data/isbi.json"]} (paths relative to it); they are merged in order,
 * objects key by key, and the file's own keys override. Relative data paths ({@code KIND:PATH}), label spec files and
 * initial weights are relative to the working directory (the presets in {@code configs/} are written for the
 * repository root); {@link #withAbsolutePaths} fixes them so a run directory's config works from anywhere. An unknown
 * key, a wrong type (a fraction where a whole number belongs, such as {@code "steps": 10.5}, included) or a cycle is
 * an error naming the file.
 */
public final class TrainConfigFiles {
    private static final ObjectMapper MAPPER = JsonInput.mapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private TrainConfigFiles() {
    }

    public static TrainConfig read(Path file) {
        ObjectNode merged = resolve(file, new ArrayDeque<>());
        return fromJson(merged, file);
    }

    /** The merged JSON of a config file (what the run directory records as the config used). */
    public static ObjectNode resolve(Path file) {
        return resolve(file, new ArrayDeque<>());
    }

    /** Binds merged JSON to a config; errors name {@code source}. */
    public static TrainConfig fromJson(JsonNode json, Path source) {
        try {
            return MAPPER.treeToValue(json, TrainConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new BadInputException(source, "unknown key '" + e.getPropertyName() + "' at " + path(e)
                    + " (known keys: " + e.getKnownPropertyIds() + ")");
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BadInputException(source, "invalid config: " + cause.getMessage());
        } catch (MismatchedInputException e) {
            throw new BadInputException(source, "wrong type at " + path(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new BadInputException(source, "invalid config: " + e.getOriginalMessage());
        }
    }

    /**
     * The config with its relative paths made absolute against the working directory: {@code data.train} and
     * {@code data.val} ({@code KIND:PATH}), {@code data.labels} when it names an existing file (not a built-in spec)
     * and {@code model.init}. A run records its config this way, so {@code train --resume RUN} reads the same data
     * from any directory.
     */
    public static ObjectNode withAbsolutePaths(ObjectNode json) {
        ObjectNode fixed = json.deepCopy();
        if (fixed.get("data") instanceof ObjectNode data) {
            for (String key : new String[] {"train", "val"}) {
                JsonNode spec = data.get(key);
                int colon = spec != null && spec.isTextual() ? spec.asText().indexOf(':') : -1;
                if (colon > 0) {
                    data.put(key, spec.asText().substring(0, colon + 1)
                            + absolute(spec.asText().substring(colon + 1)));
                }
            }
            JsonNode labels = data.get("labels");
            if (labels != null && labels.isTextual() && Files.isRegularFile(Path.of(labels.asText()))) {
                data.put("labels", absolute(labels.asText()));
            }
        }
        if (fixed.get("model") instanceof ObjectNode model && model.get("init") != null
                && model.get("init").isTextual()) {
            model.put("init", absolute(model.get("init").asText()));
        }
        return fixed;
    }

    private static String absolute(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            return path; // not a path this system can name; opening it reports the problem
        }
    }

    private static String path(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName() != null ? ref.getFieldName()
                    : "[" + ref.getIndex() + "]");
        }
        return sb.length() == 0 ? "the top level" : sb.toString();
    }

    private static ObjectNode resolve(Path file, Deque<Path> chain) {
        Path normal = file.toAbsolutePath().normalize();
        if (chain.contains(normal)) {
            throw new BadInputException(file, "config files extend each other in a cycle: " + chain);
        }
        chain.push(normal);
        JsonNode root = parse(file);
        if (!root.isObject()) {
            throw new BadInputException(file, "a config file must hold a JSON object");
        }
        ObjectNode merged = MAPPER.createObjectNode();
        JsonNode parents = root.get("extends");
        if (parents != null) {
            if (!parents.isArray()) {
                throw new BadInputException(file, "\"extends\" must be a list of file names");
            }
            for (JsonNode parent : parents) {
                merge(merged, resolve(normal.getParent().resolve(parent.asText()), chain));
            }
        }
        ObjectNode own = ((ObjectNode) root).deepCopy();
        own.remove("extends");
        merge(merged, own);
        chain.pop();
        return merged;
    }

    private static JsonNode parse(Path file) {
        try {
            return MAPPER.readTree(InputFiles.readAllBytes(file, JsonInput.MAX_SMALL_FILE_BYTES, "config"));
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + InputFiles.reason(e), e);
        }
    }

    /** Merges {@code source} into {@code target}: objects recursively, everything else replaced. */
    static void merge(ObjectNode target, JsonNode source) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode existing = target.get(f.getKey());
            if (existing instanceof ObjectNode o && f.getValue().isObject()) {
                merge(o, f.getValue());
            } else {
                target.set(f.getKey(), f.getValue().deepCopy());
            }
        }
    }
}

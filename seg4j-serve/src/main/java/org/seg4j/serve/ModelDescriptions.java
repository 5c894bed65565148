package org.seg4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.io.ModelCard;

/** What {@code GET /models} says about a model: its name, kind, architecture, classes and model card. */
final class ModelDescriptions {
    private ModelDescriptions() {
    }

    /**
     * @param kind "segmentation" or "localization"; a localizer's first class is the background
     */
    static ObjectNode of(String name, String kind, ModelCard card) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", name);
        o.put("kind", kind);
        o.put("architecture", card.architecture());
        ObjectNode options = o.putObject("options");
        for (Map.Entry<String, String> e : card.options().entrySet()) {
            options.put(e.getKey(), e.getValue());
        }
        o.put("inputScale", card.inputScale());
        o.set("classes", classes(card.labels()));
        o.put("dataset", card.provenance().dataset());
        o.set("metrics", card.provenance().metrics());
        o.set("training", card.provenance().training());
        return o;
    }

    /** The classes in channel order: id, name and palette colour {@code #rrggbb}. */
    static ArrayNode classes(LabelSpec labels) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (int c = 0; c < labels.numClasses(); c++) {
            list.addObject().put("id", c).put("name", labels.className(c)).put("color", color(labels.color(c)));
        }
        return list;
    }

    static String color(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xFFFFFF);
    }
}

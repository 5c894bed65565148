package org.seg4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.io.NpyFiles;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.infer.Prediction;

/**
 * The body of a segmentation response in the format the request asked for.
 *
 * @param contentType its media type
 * @param body        its bytes
 */
record SegmentResponse(String contentType, byte[] body) {
    /**
     * <ul>
     *   <li>png: the label map as an indexed PNG with the model's palette, as {@code seg4j predict} writes it;</li>
     *   <li>json: {@code {"model", "width", "height", "milliseconds", "classes": [{"id", "name", "color", "pixels",
     *       "fraction"}], "labelPng": BASE64}};</li>
     *   <li>npy: the class probabilities, float32 [C, H, W], as {@code seg4j predict --probs} writes them.</li>
     * </ul>
     */
    static SegmentResponse of(SegmentQuery.Format format, String model, LabelSpec labels, Prediction prediction,
            double milliseconds) {
        LabelMap map = prediction.labels();
        return switch (format) {
            case PNG -> new SegmentResponse("image/png", ImageFiles.encodeLabelPng(map, labels.palette()));
            case NPY -> new SegmentResponse("application/octet-stream", NpyFiles.encodeFloat32(
                    new int[] {prediction.numClasses(), map.height(), map.width()}, prediction.probabilities()));
            case JSON -> new SegmentResponse("application/json", json(model, labels, map, milliseconds).toString()
                    .getBytes(StandardCharsets.UTF_8));
        };
    }

    private static ObjectNode json(String model, LabelSpec labels, LabelMap map, double milliseconds) {
        long[] counts = new long[labels.numClasses()];
        for (byte label : map.data()) {
            counts[label & 0xFF]++;
        }
        long pixels = (long) map.width() * map.height();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("model", model);
        o.put("width", map.width());
        o.put("height", map.height());
        o.put("milliseconds", Math.round(milliseconds * 10) / 10.0);
        ArrayNode classes = ModelDescriptions.classes(labels);
        for (int c = 0; c < counts.length; c++) {
            ((ObjectNode) classes.get(c)).put("pixels", counts[c]).put("fraction", (double) counts[c] / pixels);
        }
        o.set("classes", classes);
        o.put("labelPng", Base64.getEncoder().encodeToString(ImageFiles.encodeLabelPng(map, labels.palette())));
        return o;
    }
}

package org.seg4j.nn.localize;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.seg4j.box.Box;
import org.seg4j.box.ScoredBox;
import org.seg4j.label.LabelSpec;

/**
 * The JSON form of a localizer's detections in one image, written by {@code seg4j localize} and the HTTP server alike:
 * <pre>{@code {"image": NAME, "width": W, "height": H,
 *  "detections": [{"class": "car", "score": 0.93, "box": [x1, y1, x2, y2]}, ...]}}</pre>
 * Boxes are in pixels of the image; detections keep the localizer's order (best first).
 */
public final class DetectionsJson {
    private DetectionsJson() {
    }

    /** The detections in image {@code image} (a file name or another label) of {@code width} x {@code height}. */
    public static ObjectNode of(String image, int width, int height, List<ScoredBox> detections, LabelSpec labels) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("image", image);
        root.put("width", width);
        root.put("height", height);
        ArrayNode list = root.putArray("detections");
        for (ScoredBox d : detections) {
            Box b = d.box();
            ObjectNode o = list.addObject();
            o.put("class", labels.className(d.classId()));
            o.put("score", d.score());
            o.putArray("box").add(b.x1()).add(b.y1()).add(b.x2()).add(b.y2());
        }
        return root;
    }
}

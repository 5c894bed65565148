package org.seg4j.data.coco;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.seg4j.BadInputException;
import org.seg4j.io.InputFiles;
import org.seg4j.io.JsonInput;
import org.seg4j.label.LabelSpec;

/**
 * Reads a COCO instances file in one streaming pass: each entry of {@code images} and {@code annotations} is parsed
 * as a small tree and kept in compact form, so the official 450 MB train file never becomes one giant tree. Other
 * top-level keys ({@code info}, {@code licenses}, {@code categories}) are skipped: the label spec decides what a
 * category id means.
 *
 * <p>Required keys: images need {@code id, file_name, width, height}; annotations need {@code id, image_id,
 * category_id, bbox, segmentation}. {@code iscrowd} defaults to 0, {@code area} to NaN. Polygon vertices may lie at
 * most the image's own size outside it.
 */
public final class CocoJsonReader {
    private static final ObjectMapper MAPPER = JsonInput.mapper();

    private final Path file;
    private final LabelSpec spec;

    private CocoJsonReader(Path file, LabelSpec spec) {
        this.file = file;
        this.spec = spec;
    }

    /** The images in file order and, for each, its annotations in file order. */
    public record Index(List<CocoImage> images, List<List<CocoAnnotation>> annotations) {
    }

    public static Index read(Path file, LabelSpec spec) {
        return new CocoJsonReader(file, spec).read();
    }

    private Index read() {
        List<CocoImage> images = new ArrayList<>();
        List<CocoAnnotation> annotations = new ArrayList<>();
        boolean[] seen = new boolean[2];
        InputFiles.requireRegularFile(file);
        try (InputStream in = Files.newInputStream(file); JsonParser p = MAPPER.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad(p.currentToken() == null ? "file is empty" : "the top level must be a JSON object");
            }
            while (next(p) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                next(p);
                switch (key) {
                    case "images" -> {
                        seen[0] = true;
                        forEachEntry(p, key, node -> images.add(image(node, images.size())));
                    }
                    case "annotations" -> {
                        seen[1] = true;
                        forEachEntry(p, key, node -> annotations.add(annotation(node, annotations.size())));
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (NoSuchFileException e) {
            throw bad("annotation file does not exist");
        } catch (JsonProcessingException e) {
            throw bad("malformed JSON: " + e.getOriginalMessage() + where(e.getLocation()));
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + InputFiles.reason(e), e);
        }
        if (!seen[0] || !seen[1]) {
            throw bad("missing key \"" + (seen[0] ? "annotations" : "images") + "\" at the top level");
        }
        return group(images, annotations);
    }

    private JsonToken next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw bad("malformed JSON: unexpected end of file" + where(p.currentLocation()));
        }
        return t;
    }

    private void forEachEntry(JsonParser p, String key, Consumer<JsonNode> consumer) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw bad("\"" + key + "\" must be an array" + where(p.currentTokenLocation()));
        }
        while (next(p) != JsonToken.END_ARRAY) {
            JsonNode node = p.readValueAsTree();
            consumer.accept(node);
        }
    }

    private static String where(JsonLocation loc) {
        return loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private CocoImage image(JsonNode n, int index) {
        String what = "images[" + index + "]";
        if (!n.isObject()) {
            throw bad(what + " must be an object");
        }
        long id = longKey(n, "id", what);
        what += " (id " + id + ")";
        JsonNode name = require(n, "file_name", what);
        if (!name.isTextual() || name.asText().isEmpty()) {
            throw bad(what + ": \"file_name\" must be a non-empty string");
        }
        return new CocoImage(id, name.asText(), positiveInt(n, "width", what), positiveInt(n, "height", what));
    }

    private CocoAnnotation annotation(JsonNode n, int index) {
        String what = "annotations[" + index + "]";
        if (!n.isObject()) {
            throw bad(what + " must be an object");
        }
        long id = longKey(n, "id", what);
        what = "annotation id " + id + " (annotations[" + index + "])";
        long imageId = longKey(n, "image_id", what);
        long categoryId = longKey(n, "category_id", what);
        if (categoryId < 0 || categoryId > 255 || spec.trainId((int) categoryId) == LabelSpec.INVALID) {
            throw bad(what + ": category_id " + categoryId + " is not a class of label spec '" + spec.name() + "'");
        }
        double[] bbox = numbers(require(n, "bbox", what), what + ": \"bbox\"");
        if (bbox.length != 4 || bbox[2] < 0 || bbox[3] < 0) {
            throw bad(what + ": \"bbox\" must be [x, y, width, height] with width, height >= 0");
        }
        JsonNode crowdNode = n.get("iscrowd");
        boolean crowdValid = crowdNode == null
                || crowdNode.isIntegralNumber() && (crowdNode.asInt() == 0 || crowdNode.asInt() == 1);
        if (!crowdValid) {
            throw bad(what + ": \"iscrowd\" must be 0 or 1");
        }
        JsonNode areaNode = n.get("area");
        if (areaNode != null && !areaNode.isNumber()) {
            throw bad(what + ": \"area\" must be a number");
        }
        return new CocoAnnotation(id, imageId, (int) categoryId, bbox[0], bbox[1], bbox[2], bbox[3],
                areaNode == null ? Double.NaN : areaNode.asDouble(), crowdNode != null && crowdNode.asInt() == 1,
                segmentation(require(n, "segmentation", what), what));
    }

    private CocoSegmentation segmentation(JsonNode n, String what) {
        if (n.isArray()) {
            List<double[]> polygons = new ArrayList<>(n.size());
            for (int i = 0; i < n.size(); i++) {
                String where = what + ": segmentation polygon " + i;
                double[] xy = numbers(n.get(i), where);
                if (xy.length < 2 || xy.length % 2 != 0) {
                    throw bad(where + " must hold an even number (at least 2) of coordinates, has " + xy.length);
                }
                polygons.add(xy);
            }
            return new CocoPolygons(polygons);
        }
        if (n.isObject()) {
            double[] size = numbers(require(n, "size", what + ": segmentation"), what + ": RLE \"size\"");
            if (size.length != 2 || size[0] != (int) size[0] || size[1] != (int) size[1]) {
                throw bad(what + ": RLE \"size\" must be [height, width]");
            }
            JsonNode counts = require(n, "counts", what + ": segmentation");
            try {
                if (counts.isTextual()) {
                    return Rle.fromString(counts.asText(), (int) size[0], (int) size[1]);
                }
                double[] c = numbers(counts, what + ": RLE \"counts\"");
                int[] ints = new int[c.length];
                for (int i = 0; i < c.length; i++) {
                    if (c[i] != (int) c[i]) {
                        throw bad(what + ": RLE count " + i + " is not an integer (" + c[i] + ")");
                    }
                    ints[i] = (int) c[i];
                }
                return new Rle((int) size[0], (int) size[1], ints);
            } catch (IllegalArgumentException e) {
                throw bad(what + ": " + e.getMessage());
            }
        }
        throw bad(what + ": \"segmentation\" must be a list of polygons or an RLE object");
    }

    private Index group(List<CocoImage> images, List<CocoAnnotation> annotations) {
        Map<Long, Integer> byId = new HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            Integer before = byId.put(images.get(i).id(), i);
            if (before != null) {
                throw bad("images[" + i + "]: image id " + images.get(i).id() + " is used twice (also images["
                        + before + "])");
            }
        }
        List<List<CocoAnnotation>> perImage = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            perImage.add(new ArrayList<>());
        }
        for (CocoAnnotation a : annotations) {
            Integer i = byId.get(a.imageId());
            if (i == null) {
                throw bad("annotation id " + a.id() + ": image_id " + a.imageId() + " is not among the images");
            }
            CocoImage image = images.get(i);
            if (a.segmentation() instanceof Rle r && (r.height() != image.height() || r.width() != image.width())) {
                throw bad("annotation id " + a.id() + ": RLE size [" + r.height() + ", " + r.width()
                        + "] differs from image id " + image.id() + "'s [height, width] [" + image.height() + ", "
                        + image.width() + "]");
            }
            if (a.segmentation() instanceof CocoPolygons polygons) {
                requireNearImage(a, polygons, image);
            }
            perImage.get(i).add(a);
        }
        return new Index(List.copyOf(images), perImage.stream().map(List::copyOf).toList());
    }

    /**
     * Checks that every polygon vertex lies at most the image's own width (height) left or right of (above or below)
     * the image. Real annotations stay within a pixel of their image; a vertex far outside (the probe's 1e30 and
     * 2^40) would make the rasterizer's integer boundary walk overflow or allocate without bound.
     */
    private void requireNearImage(CocoAnnotation a, CocoPolygons polygons, CocoImage image) {
        for (int p = 0; p < polygons.polygons().size(); p++) {
            double[] xy = polygons.polygons().get(p);
            for (int j = 0; j < xy.length; j += 2) {
                double x = xy[j];
                double y = xy[j + 1];
                if (!(x >= -image.width() && x <= 2.0 * image.width() && y >= -image.height()
                        && y <= 2.0 * image.height())) {
                    throw bad("annotation id " + a.id() + ": segmentation polygon " + p + ", vertex " + (j / 2)
                            + " (" + x + ", " + y + ") lies more than the image's size outside image id " + image.id()
                            + " (" + image.width() + "x" + image.height() + ")");
                }
            }
        }
    }

    private JsonNode require(JsonNode n, String key, String what) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw bad(what + ": missing key \"" + key + "\"");
        }
        return v;
    }

    private long longKey(JsonNode n, String key, String what) {
        JsonNode v = require(n, key, what);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw bad(what + ": \"" + key + "\" must be an integer, got " + v);
        }
        return v.asLong();
    }

    private int positiveInt(JsonNode n, String key, String what) {
        JsonNode v = require(n, key, what);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= 0) {
            throw bad(what + ": \"" + key + "\" must be a positive integer, got " + v);
        }
        return v.asInt();
    }

    private double[] numbers(JsonNode n, String what) {
        if (n == null || !n.isArray()) {
            throw bad(what + " must be a list of numbers");
        }
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = n.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw bad(what + " must be a list of numbers, element " + i + " is " + v);
            }
            out[i] = v.asDouble();
        }
        return out;
    }

    private BadInputException bad(String problem) {
        return new BadInputException(file, problem);
    }
}

package org.seg4j.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.seg4j.BadInputException;
import org.seg4j.crf.CrfParameters;
import org.seg4j.nn.infer.InferenceOptions;

/**
 * The query of {@code POST /models/{name}/segment}: what to return and how to run the model.
 *
 * @param format    png (the palette label PNG), json (class counts and areas with the label PNG) or npy (the class
 *                  probabilities, float32 [C, H, W])
 * @param inference how to run the model; requests with equal settings (and image sizes) are batched together
 */
record SegmentQuery(Format format, Inference inference) {
    /** The response formats. */
    enum Format {
        PNG, JSON, NPY
    }

    /**
     * How to run the model, as {@link InferenceOptions} take it.
     *
     * @param tile    sliding-window tile side, 0 = the whole image
     * @param overlap tile overlap fraction in [0, 1)
     * @param scales  test-time scales relative to the model's input scale
     * @param flip    also run the mirrored image
     * @param crf     refine with the fully connected CRF (DeepLab's parameters)
     */
    record Inference(int tile, double overlap, List<Double> scales, boolean flip, boolean crf) {
        /** The options for {@link org.seg4j.nn.infer.Segmenter#of}, the CRF on {@code threads} threads. */
        InferenceOptions options(int threads) {
            return InferenceOptions.defaults().withTile(tile, overlap).withFlip(flip)
                    .withScales(scales.stream().mapToDouble(Double::doubleValue).toArray()).withThreads(threads)
                    .withCrf(crf ? CrfParameters.deepLab() : null);
        }
    }

    /** Most test-time scales a request may ask for, and the largest scale: bounds the work of one request. */
    static final int MAX_SCALES = 4;
    static final double MAX_SCALE = 2;
    /** Smallest tile side: smaller tiles multiply the forward passes of one request without bound. */
    static final int MIN_TILE = 32;
    private static final Set<String> NAMES = Set.of("format", "tile", "overlap", "scales", "flip", "crf");

    /**
     * Parses and checks the query parameters; absent ones take their defaults (png, whole image, overlap 0.25,
     * scale 1, no flip, no CRF).
     *
     * @throws ApiException 400 {@code bad_parameter} naming the parameter and the problem
     */
    static SegmentQuery parse(Map<String, List<String>> query) {
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (!NAMES.contains(e.getKey())) {
                throw ApiException.badParameter("unknown query parameter '" + e.getKey() + "'; known: format, tile, "
                        + "overlap, scales, flip, crf");
            }
            if (e.getValue().size() > 1) {
                throw ApiException.badParameter("query parameter '" + e.getKey() + "' is given more than once");
            }
        }
        Format format = format(value(query, "format", "png"));
        int tile = integer(value(query, "tile", "0"), "tile");
        if (tile > 0 && tile < MIN_TILE) {
            throw ApiException.badParameter("tile must be 0 (whole image) or at least " + MIN_TILE + ", got " + tile);
        }
        double overlap = number(value(query, "overlap", "0.25"), "overlap");
        List<Double> scales = new ArrayList<>();
        for (String s : value(query, "scales", "1").split(",", -1)) {
            double scale = number(s.trim(), "scales");
            if (!(scale > 0 && scale <= MAX_SCALE)) {
                throw ApiException.badParameter("scales: each scale must be in (0, " + MAX_SCALE + "], got " + s);
            }
            scales.add(scale);
        }
        if (scales.size() > MAX_SCALES) {
            throw ApiException.badParameter("scales: at most " + MAX_SCALES + " scales, got " + scales.size());
        }
        Inference inference = new Inference(tile, overlap, List.copyOf(scales), bool(value(query, "flip", "false"),
                "flip"), bool(value(query, "crf", "false"), "crf"));
        try {
            inference.options(1);
        } catch (BadInputException e) {
            throw ApiException.badParameter(e.problem());
        }
        return new SegmentQuery(format, inference);
    }

    private static String value(Map<String, List<String>> query, String name, String fallback) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }

    private static Format format(String text) {
        try {
            return Format.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("format must be png, json or npy, got '" + text + "'");
        }
    }

    private static int integer(String text, String name) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name + " must be a whole number, got '" + text + "'");
        }
    }

    private static double number(String text, String name) {
        try {
            double v = Double.parseDouble(text);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name + " must be a finite number, got '" + text + "'");
        }
    }

    private static boolean bool(String text, String name) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ApiException.badParameter(name + " must be true or false, got '" + text + "'");
        };
    }
}

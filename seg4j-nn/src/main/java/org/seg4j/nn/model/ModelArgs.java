package org.seg4j.nn.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an {@link ArchitectureFactory} needs to build a network: the number of output classes, the number of input
 * channels, and architecture-specific options as text (e.g. {@code width=1/8}), parsed by the factory.
 *
 * @param numClasses number of output classes (scores per pixel for segmentation heads, per image for classifiers)
 * @param inChannels number of input image channels (3 for RGB)
 * @param options architecture options by name; each factory documents the names it accepts
 */
public record ModelArgs(int numClasses, int inChannels, Map<String, String> options) {
    public ModelArgs {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        if (inChannels < 1) {
            throw new IllegalArgumentException("inChannels must be at least 1, got " + inChannels);
        }
        options = Map.copyOf(options);
    }

    /** RGB input, no options. */
    public static ModelArgs of(int numClasses) {
        return new ModelArgs(numClasses, 3, Map.of());
    }

    /** The same arguments with one more option. */
    public ModelArgs with(String option, String value) {
        Map<String, String> more = new HashMap<>(options);
        more.put(option, value);
        return new ModelArgs(numClasses, inChannels, more);
    }

    /**
     * Checks every given option is one the architecture knows.
     *
     * @throws IllegalArgumentException naming the first unknown option and listing the valid ones
     */
    public void requireKnownOptions(String architecture, Set<String> valid) {
        for (String name : new TreeSet<>(options.keySet())) {
            if (!valid.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "' for " + architecture
                        + "; valid options: " + (valid.isEmpty() ? "none" : String.join(", ", new TreeSet<>(valid))));
            }
        }
    }

    /** A positive number option, written as a decimal ({@code 0.125}) or a fraction ({@code 1/8}). */
    public double positiveNumber(String name, double fallback) {
        String text = options.get(name);
        if (text == null) {
            return fallback;
        }
        double value;
        try {
            int slash = text.indexOf('/');
            value = slash < 0 ? Double.parseDouble(text.trim())
                    : Double.parseDouble(text.substring(0, slash).trim()) / Double.parseDouble(text.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + ": not a number: '" + text + "'", e);
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("option " + name + " must be a positive number, got '" + text + "'");
        }
        return value;
    }

    /** An integer option that must be one of the allowed values. */
    public int intChoice(String name, int fallback, Set<Integer> allowed) {
        String text = options.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (allowed.contains(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed values
        }
        throw new IllegalArgumentException("option " + name + " must be one of " + new TreeSet<>(allowed)
                + ", got '" + text + "'");
    }
}

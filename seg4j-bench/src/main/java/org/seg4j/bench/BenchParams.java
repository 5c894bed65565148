package org.seg4j.bench;

import org.seg4j.BadInputException;

/** Reads a benchmark's {@code -P KEY=VALUE} parameters; a malformed value is bad input naming the key. */
final class BenchParams {
    private BenchParams() {
    }

    static int positive(BenchOptions options, String key, int fallback) {
        int value = integer(options, key, fallback);
        if (value < 1) {
            throw new BadInputException(null, "-P " + key + " must be at least 1, got " + value);
        }
        return value;
    }

    static int nonNegative(BenchOptions options, String key, int fallback) {
        int value = integer(options, key, fallback);
        if (value < 0) {
            throw new BadInputException(null, "-P " + key + " must not be negative, got " + value);
        }
        return value;
    }

    static int integer(BenchOptions options, String key, int fallback) {
        String text = options.param(key, null);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException(null, "-P " + key + ": not an integer: '" + text + "'");
        }
    }

    /** {@code true} or {@code false}; {@code fallback} when absent. */
    static boolean bool(BenchOptions options, String key, boolean fallback) {
        String text = options.param(key, String.valueOf(fallback)).trim();
        if (!text.equals("true") && !text.equals("false")) {
            throw new BadInputException(null, "-P " + key + " must be true or false, got '" + text + "'");
        }
        return text.equals("true");
    }

    /** A size written {@code N} (square) or {@code WxH}, both at least 1: {@code {width, height}}. */
    static int[] size(BenchOptions options, String key, String fallback) {
        String text = options.param(key, fallback).trim();
        String[] parts = text.split("x", -1);
        try {
            int w = Integer.parseInt(parts[0]);
            int h = parts.length == 2 ? Integer.parseInt(parts[1]) : w;
            if (parts.length > 2 || w < 1 || h < 1) {
                throw new NumberFormatException();
            }
            return new int[] {w, h};
        } catch (NumberFormatException e) {
            throw new BadInputException(null, "-P " + key + " must be N or WxH with positive integers, got '" + text
                    + "'");
        }
    }
}

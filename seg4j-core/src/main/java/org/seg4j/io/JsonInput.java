package org.seg4j.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON parser settings for every file seg4j reads (label specs, configs, COCO annotations, model cards,
 * safetensors headers): Jackson's {@link StreamReadConstraints} with a nesting depth of at most
 * {@value #MAX_NESTING_DEPTH} (seg4j's deepest format, a COCO file, nests 5 levels; Jackson's default of 1000 lets a
 * file of brackets fill the stack of a tree reader) and numbers of at most {@value #MAX_NUMBER_CHARS} characters (a
 * longer number is no valid double or long, and parsing huge ones costs quadratic time). Files that are read whole
 * and kept as trees (configs, label specs) are also limited in size: {@value #MAX_SMALL_FILE_BYTES} bytes.
 */
public final class JsonInput {
    /** The deepest nesting of arrays and objects accepted. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** The longest number, in characters. */
    public static final int MAX_NUMBER_CHARS = 100;
    /** The largest config or label spec file: 16 MiB (the largest in the repository is under 4 KiB). */
    public static final long MAX_SMALL_FILE_BYTES = 16L << 20;

    private JsonInput() {
    }

    /** A fresh mapper with the limits above; callers add their own features. */
    public static ObjectMapper mapper() {
        return new ObjectMapper(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH).maxNumberLength(MAX_NUMBER_CHARS).build()).build());
    }
}

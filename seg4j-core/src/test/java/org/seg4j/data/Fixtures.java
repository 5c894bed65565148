package org.seg4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seg4j.testing.TestFiles;

/**
 * The generated format fixtures under {@code src/test/resources/fixtures} (written by
 * {@code tools/reference/make_format_fixtures.py}) and their {@code expected.json}.
 */
final class Fixtures {
    private Fixtures() {
    }

    static Path dir(String name) {
        URL url = Fixtures.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalStateException("test fixture missing: fixtures/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode expected(String name) {
        try {
            return new ObjectMapper().readTree(dir(name).resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Expected per-value pixel counts, 256 entries, from a JSON object {"value": count}. */
    /** Checks a sample's size and label histogram against its entry in expected.json; returns the entry. */
    static JsonNode assertMatchesExpected(Sample s, JsonNode expected) {
        JsonNode e = expected.get("samples").get(s.id());
        org.assertj.core.api.Assertions.assertThat(s.width()).isEqualTo(e.get("width").asInt());
        org.assertj.core.api.Assertions.assertThat(s.height()).isEqualTo(e.get("height").asInt());
        org.assertj.core.api.Assertions.assertThat(s.label().histogram()).as(s.id())
                .isEqualTo(histogram(e.get("histogram")));
        return e;
    }

    static long[] histogram(JsonNode counts) {
        long[] h = new long[256];
        counts.fields().forEachRemaining(e -> h[Integer.parseInt(e.getKey())] = e.getValue().asLong());
        return h;
    }

    /** The ids of a data set, in its order. */
    static List<String> ids(SegmentationDataset ds) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ds.size(); i++) {
            ids.add(ds.id(i));
        }
        return ids;
    }

    /** The texts of a JSON array. */
    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A writable copy of a fixture folder, for tests that break it. */
    static Path copy(String name, Path target) {
        return TestFiles.copyTree(dir(name), target);
    }
}

package org.seg4j.nn.io;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Paths of the fixtures written by tools/reference/external_models.py. */
final class Fixtures {
    private Fixtures() {
    }

    static Path weights(String name) {
        URL url = Fixtures.class.getResource("/fixtures/weights/" + name);
        if (url == null) {
            throw new IllegalStateException("missing fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.seg4j.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads a PyTorch reference fixture ({@code fixtures/TOPIC/NAME.npz}, written by tools/reference/TOPIC.py). */
final class Fixtures {
    private Fixtures() {
    }

    static NDList load(NDManager manager, String topic, String name) {
        String resource = "/fixtures/" + topic + "/" + name + ".npz";
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + resource);
            }
            return NDList.decode(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts |actual - expected| <= tol * (1 + |expected|) elementwise (mixed absolute/relative tolerance). */
    static void assertClose(NDArray actual, NDArray expected, double tol) {
        org.assertj.core.api.Assertions.assertThat(actual.getShape()).isEqualTo(expected.getShape());
        double[] a = actual.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
        double[] e = expected.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
        assertClose(a, e, tol);
    }

    static void assertClose(double[] a, double[] e, double tol) {
        org.assertj.core.api.Assertions.assertThat(a).hasSameSizeAs(e);
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - e[i]) > tol * (1 + Math.abs(e[i]))) {
                throw new AssertionError("element " + i + ": " + a[i] + " vs expected " + e[i] + " (tol " + tol + ")");
            }
        }
    }
}

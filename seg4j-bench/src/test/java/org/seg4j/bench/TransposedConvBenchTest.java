package org.seg4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seg4j.BadInputException;

class TransposedConvBenchTest {
    @Test
    void reportsSeg4jTimesAndThePyTorchReferenceOrWhyItIsMissing() {
        StringWriter text = new StringWriter();
        new TransposedConvBench().run(new BenchOptions(1, 1, null, Map.of("shapes", "fcn2x")), new PrintWriter(text));
        assertThat(text.toString())
                .contains("tconv: batch 1, 1 threads, median of 1")
                .containsPattern("fcn2x +21->21 k4 s2, 64x64 -> 130x130 +[0-9.]+ms")
                .containsPattern("PyTorch reference(: /usr/bin/python3| skipped: .+)");
        if (text.toString().contains("PyTorch reference: ")) {
            assertThat(text.toString()).containsPattern("fcn2x .* [0-9.]+x .* [0-9.]+x +[0-9.]+\\n");
        }
    }

    @Test
    void missingPythonIsReportedNotFatal() {
        StringWriter text = new StringWriter();
        new TransposedConvBench().run(new BenchOptions(1, 1, null, Map.of("shapes", "unet", "python",
                "/nonexistent/python3")), new PrintWriter(text));
        assertThat(text.toString()).contains("PyTorch reference skipped: /nonexistent/python3 not found")
                .containsPattern("unet +128->64 k2 s2, 128x128 -> 256x256 +[0-9.]+ms +- +-");
        assertThatThrownBy(() -> new TransposedConvBench().run(new BenchOptions(1, 1, null, Map.of("shapes", "x")),
                new PrintWriter(new StringWriter()))).isInstanceOf(BadInputException.class);
    }
}

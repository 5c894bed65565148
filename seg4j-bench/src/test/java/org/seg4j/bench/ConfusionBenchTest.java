package org.seg4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfusionBenchTest {
    @ParameterizedTest
    @ValueSource(strings = {"regions", "iid"})
    void seg4jAndTheNaiveLoopCountTheSameAndBothAreReported(String errors) {
        StringWriter text = new StringWriter();
        new ConfusionBench().run(new BenchOptions(1, 1, null, Map.of("pairs", "2", "seed", "7", "errors", errors)),
                new PrintWriter(text));
        assertThat(text.toString())
                .contains("2 label pairs of 480x360 (0.35 Mpixel), 11 classes + ignore, " + errors + " errors")
                .containsPattern("seg4j ConfusionMatrix +[0-9.]+ ms/Mpixel +[0-9]+ Mpixel/s")
                .containsPattern("naive long\\[\\]\\[\\] loop +[0-9.]+ ms/Mpixel +[0-9]+ Mpixel/s")
                .contains("counts agree: yes");
    }
}

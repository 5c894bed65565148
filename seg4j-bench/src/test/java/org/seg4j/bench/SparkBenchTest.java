package org.seg4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.seg4j.testing.SharedData;

class SparkBenchTest {
    @Test
    void reportsBothRatesTheirRatioAndOneModelLoadPerRun() {
        String source = SharedData.repoRoot().resolve("demo/camvid/val").toString();
        StringWriter text = new StringWriter();
        new SparkBench().run(new BenchOptions(1, 2, null, Map.of("images", "6", "source", source)),
                new PrintWriter(text, true));
        String out = text.toString();
        assertThat(out).contains("on 6 images (the 4 of").contains("(model loads: 1)");
        double single = rate(out, "single process \\(reference\\): ([\\d.]+) images/s");
        double spark = rate(out, "Spark local\\[2\\]: ([\\d.]+) images/s");
        assertThat(rate(out, "ratio Spark / single process: ([\\d.]+)")).isCloseTo(spark / single, Percentage.withPercentage(5));
    }

    private static double rate(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertThat(m.find()).as(out).isTrue();
        double value = Double.parseDouble(m.group(1));
        assertThat(value).isPositive();
        return value;
    }
}

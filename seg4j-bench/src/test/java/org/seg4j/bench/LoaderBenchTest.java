package org.seg4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.seg4j.testing.SharedData;

class LoaderBenchTest {
    @Test
    void reportsBothRatesAndTheirRatioOnRealCamVid() {
        String data = "camvid:" + SharedData.require("camvid");
        StringWriter text = new StringWriter();
        new LoaderBench().run(new BenchOptions(1, 2, data, Map.of("batch", "2", "crop", "64", "batches", "2")),
                new PrintWriter(text, true));
        String out = text.toString();
        assertThat(out).contains("367 images").contains("crop 64x64").contains("2 batches (4 images)");
        double ref = rate(out, "reference, sequential .*: (\\d+) ms = ([\\d.]+) images/s");
        double par = rate(out, "PrefetchLoader, 2 workers: (\\d+) ms = ([\\d.]+) images/s");
        Matcher ratio = Pattern.compile("speed-up \\(reference time / seg4j time\\): ([\\d.]+)x").matcher(out);
        assertThat(ratio.find()).as(out).isTrue();
        assertThat(Double.parseDouble(ratio.group(1))).isCloseTo(par / ref, org.assertj.core.data.Offset.offset(0.1));
    }

    /** The images/s of a line, checked against its own time for 4 images. */
    private static double rate(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertThat(m.find()).as(out).isTrue();
        double ms = Double.parseDouble(m.group(1));
        double rate = Double.parseDouble(m.group(2));
        assertThat(rate).isGreaterThan(0);
        if (ms > 0) {
            assertThat(rate).isCloseTo(4 / (ms / 1000), org.assertj.core.data.Percentage.withPercentage(50));
        }
        return rate;
    }
}

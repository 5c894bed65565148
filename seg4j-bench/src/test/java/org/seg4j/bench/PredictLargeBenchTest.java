package org.seg4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seg4j.BadInputException;
import org.seg4j.image.RgbImage;

class PredictLargeBenchTest {
    private static String run(Map<String, String> params) {
        StringWriter text = new StringWriter();
        new PredictLargeBench(PeakMemoryMain.class.getName())
                .run(new BenchOptions(1, 1, null, params), new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void mosaicMirrorsEveryOtherCopySoNeighboursMeetAtTheirEdges() {
        // a 3x2 tile with pixel values 10 * y + x
        RgbImage tile = RgbImage.blank(3, 2);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                tile.set(x, y, 10 * y + x);
            }
        }
        RgbImage m = PredictLargeBench.mosaic(tile, 8, 5);
        // columns: copy 0 as is (0 1 2), copy 1 mirrored (2 1 0), copy 2 as is (0 1); rows likewise (0 1 | 1 0 | 0)
        int[] cols = {0, 1, 2, 2, 1, 0, 0, 1};
        int[] rows = {0, 1, 1, 0, 0};
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 8; x++) {
                assertThat(m.rgbAt(x, y)).as("(%d, %d)", x, y).isEqualTo(10 * rows[y] + cols[x]);
            }
        }
    }

    @Test
    void peakResidentMemoryIsAtLeastTheCurrentOne() throws Exception {
        long current = -1;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                current = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        assertThat(current).isPositive();
        assertThat(PeakMemoryMain.peakRssKib()).isGreaterThanOrEqualTo(current);
    }

    @Test
    void badParametersAreBadInput() {
        assertThatThrownBy(() -> run(Map.of("overlap", "1"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("-P overlap must be a number in [0, 1)");
        assertThatThrownBy(() -> run(Map.of("model", "/nonexistent/m.seg4j"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("/nonexistent/m.seg4j").hasMessageContaining("no such file (-P model)");
        assertThatThrownBy(() -> run(Map.of("size", "0"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("-P size must be N or WxH");
    }
}

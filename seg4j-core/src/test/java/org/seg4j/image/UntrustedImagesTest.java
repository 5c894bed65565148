package org.seg4j.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seg4j.BadInputException;

/**
 * The image cases of issue 13's probe. Fixtures by tools/make_untrusted_fixtures.py (PIL and hand-written chunks); the
 * expected 8-bit levels of the 16-bit images were computed there with numpy as round(v * 255 / 65535).
 */
class UntrustedImagesTest {
    private static final Path DIR = Path.of("src/test/resources/fixtures/untrusted");

    @ParameterizedTest
    @ValueSource(strings = {"grey16.png", "greyalpha16.png", "greyalpha8.png"})
    void greyImagesOfAnyDepthReadAtTheirOwnBrightness(String name) throws Exception {
        JsonNode expected = new ObjectMapper().readTree(DIR.resolve("expected.json").toFile()).get(name);
        RgbImage img = ImageFiles.readRgb(DIR.resolve(name));
        assertThat(img.width() * img.height()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            int level = expected.get(i).asInt();
            int rgb = img.rgbAt(i % img.width(), i / img.width());
            assertThat(rgb).as("pixel %d", i).isEqualTo(level << 16 | level << 8 | level);
        }
        // the probe's case: 126 * 257 in 16 bits is level 126, not 187
        if (name.endsWith("16.png")) {
            assertThat(img.rgbAt(0, 0) & 0xFF).isEqualTo(126);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated.jpg", "no-eoi.jpg", "truncated.png", "no-iend.png", "bad-crc.png",
        "bad-data.png"})
    void damagedImagesAreRefusedNotPaddedWithGrey(String name) {
        Path file = DIR.resolve(name);
        assertThatThrownBy(() -> ImageFiles.readRgb(file)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": ").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ImageFiles.readLabels(file)).isInstanceOf(BadInputException.class);
    }

    @Test
    void theUndamagedOriginalsStillRead() {
        assertThat(ImageFiles.readRgb(DIR.resolve("frame.png")).width()).isEqualTo(64);
        assertThat(ImageFiles.readRgb(DIR.resolve("frame.jpg")).height()).isEqualTo(48);
    }

    @Test
    void badCrcIsNamed() {
        assertThatThrownBy(() -> ImageFiles.readRgb(DIR.resolve("bad-crc.png"))).hasMessageContaining("CRC")
                .hasMessageContaining("IDAT");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aFifoIsRefusedBeforeItIsOpened(@TempDir Path tmp) throws Exception {
        Path fifo = tmp.resolve("x.png");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo not available");
        assertThatThrownBy(() -> ImageFiles.readRgb(fifo)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a regular file");
    }


    @Test
    void pixelsAreCountedFromTheHeaderBeforeDecoding(@TempDir Path tmp) throws Exception {
        // a 100000 x 100000 grey PNG header over a tiny IDAT: decoding would need 10 GB
        Path bomb = tmp.resolve("bomb.png");
        Files.write(bomb, PngBytes.grey8(100_000, 100_000, new byte[0]));
        assertThatThrownBy(() -> ImageFiles.readRgb(bomb)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("100000x100000").hasMessageContaining(ImageLimits.PROPERTY);
    }
}

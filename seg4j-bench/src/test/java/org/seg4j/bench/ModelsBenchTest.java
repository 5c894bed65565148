package org.seg4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.seg4j.BadInputException;
import org.seg4j.nn.model.ModelRegistry;

class ModelsBenchTest {
    /** A U-Net of base width 4 on a 64x64 input: milliseconds of work on each side. */
    private static final Map<String, String> TINY = Map.of("models", "unet", "size", "64", "width", "1/16",
            "warmup", "1");

    private static final String MS = "([0-9]+\\.[0-9]{2})ms";
    private static final String RATIO = "([0-9]+\\.[0-9]{2})x";

    private static String run(Map<String, String> params) {
        StringWriter text = new StringWriter();
        new ModelsBench().run(new BenchOptions(1, 1, null, params), new PrintWriter(text));
        return text.toString();
    }

    private static Map<String, String> tinyWith(String key, String value) {
        Map<String, String> params = new HashMap<>(TINY);
        params.put(key, value);
        return params;
    }

    @Test
    void timesBothSidesAndTheRatiosAreThoseOfThePrintedTimes() {
        String text = run(TINY);
        assertThat(text).contains("models: input 1x3x64x64, batch 1, 21 classes, width 1/16, median of 1 after 1"
                        + " warm-up runs; forward in inference mode, forward+backward in training mode")
                .containsPattern("seg4j: DJL 0\\.35\\.1, PyTorch engine, libtorch [0-9.]+, [0-9]+ threads")
                .containsPattern("PyTorch reference(: /usr/bin/python3, torch [0-9]| skipped: .+)");
        if (text.contains("PyTorch reference skipped")) {
            assertThat(text).containsPattern("unet +" + MS + " +- +- +" + MS + " +- +- +- +-\\n");
            return;
        }
        Matcher row = Pattern.compile("unet +" + MS + " +" + MS + " +" + RATIO + " +" + MS + " +" + MS + " +" + RATIO
                + " +([0-9.]+) +([0-9.]+)\\n").matcher(text);
        assertThat(row.find()).as("row in%n%s", text).isTrue();
        double[] v = new double[9];
        for (int i = 1; i <= 8; i++) {
            v[i] = Double.parseDouble(row.group(i));
        }
        // printed times carry two decimals, so their ratio may differ from the printed one by rounding only
        assertThat(v[3]).isCloseTo(v[1] / v[2], within(0.006 + 0.01 * v[1] / v[2]));
        assertThat(v[6]).isCloseTo(v[4] / v[5], within(0.006 + 0.01 * v[4] / v[5]));
        // 2 x multiply-adds of this U-Net (base 4, depth 4, 'same' padding, 21 classes, 64x64), summed by hand over
        // its 23 convolutions and 4 up-convolutions: 12,517,376 multiply-adds
        assertThat(v[7]).isEqualTo(0.03);
        assertThat(v[8]).isCloseTo(25_034_752 / 1e9 / (v[1] / 1e3), within(0.05 + 0.01 * v[8]));
    }

    @Test
    void forwardOnlyLeavesTheBackwardColumnsEmpty() {
        String text = run(Map.of("models", "unet", "size", "64", "width", "1/16", "warmup", "0", "backward", "false",
                "python", "/nonexistent/python3"));
        assertThat(text).contains("forward in inference mode (forward+backward skipped)")
                .containsPattern("unet +" + MS + " +- +- +- +- +- +- +-\\n");
    }

    @Test
    void missingPythonOrReferenceIsReportedNotFatal() {
        String noPython = run(tinyWith("python", "/nonexistent/python3"));
        assertThat(noPython).contains("PyTorch reference skipped: /nonexistent/python3 not found")
                .containsPattern("unet +" + MS + " +- +- +" + MS + " +- +- +- +-\\n");
        String noReference = run(tinyWith("reference", "/nonexistent/reference"));
        assertThat(noReference).contains("PyTorch reference skipped: /nonexistent/reference holds no backbones.py")
                .containsPattern("unet +" + MS + " +- +- +" + MS + " +- +- +- +-\\n");
    }

    @Test
    void defaultsToTheSegmentationArchitecturesOfTheRegistry() {
        // the architectures; the registry's classifiers (VGG16, ResNet) return a vector and are left out
        assertThat(ModelsBench.segmentationArchitectures(ModelRegistry.standard()))
                .contains("fcn32s", "fcn16s", "fcn8s", "deeplab_largefov", "deeplabv2_vgg16", "deeplabv2_resnet101",
                        "unet")
                .doesNotContain("vgg16", "vgg16_bn", "resnet50", "resnet101");
    }

    @Test
    void badParametersAreBadInput() {
        assertThatThrownBy(() -> run(tinyWith("models", "vgg16"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("'vgg16' is not a registered segmentation architecture; known: fcn32s");
        assertThatThrownBy(() -> run(tinyWith("size", "0"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("-P size must be at least 1");
        assertThatThrownBy(() -> run(tinyWith("width", "-1"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("unet").hasMessageContaining("width");
        assertThatThrownBy(() -> run(tinyWith("backward", "maybe"))).isInstanceOf(BadInputException.class);
    }
}

package org.seg4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.nn.train.TrainingListener;

class TrainBenchTest {
    @TempDir
    Path tmp;

    /**
     * The ISBI preset at base width 4 on 64x64 crops, batch 2, with a training set that does not exist, so the bench
     * falls back to the bundled demo slices.
     */
    private Path tinyConfig(String architecture) throws Exception {
        Path preset = Path.of("../configs/isbi-unet.json").toAbsolutePath().normalize();
        Path config = tmp.resolve("tiny.json");
        Files.writeString(config, "{\"extends\": [\"" + preset + "\"],"
                + " \"model\": {\"architecture\": \"" + architecture + "\", \"options\": {\"base\": \"4\"}},"
                + " \"data\": {\"train\": \"folder:" + tmp.resolve("absent") + "\", \"crop\": [64, 64],"
                + " \"batchSize\": 2}}");
        return config;
    }

    private static String run(Map<String, String> params, int steps) {
        StringWriter text = new StringWriter();
        new TrainBench().run(new BenchOptions(steps, 1, null, params), new PrintWriter(text, true));
        return text.toString();
    }

    /** U-Net's learnable parameters, summed layer by layer: 3x3 convolutions without bias + batch norm, 'same'. */
    private static long unetParameters(int in, int classes, int base, int depth) {
        long total = 0;
        int c = in;
        for (int i = 1; i <= depth + 1; i++) {
            int out = base << (i - 1);
            total += doubleConv(c, out);
            c = out;
        }
        for (int i = depth; i >= 1; i--) {
            int out = base << (i - 1);
            total += 4L * 2 * out * out + out; // 2x2 up-convolution 2 out -> out, with bias
            total += doubleConv(2 * out, out);
        }
        return total + (long) base * classes + classes; // 1x1 head
    }

    private static long doubleConv(int in, int out) {
        return 9L * in * out + 9L * out * out + 2L * 2 * out; // two convolutions, two batch norms (gamma, beta)
    }

    @Test
    void timesTheRealStepOnTheDemoSlicesAndTheSameNetworkInPytorch() throws Exception {
        Map<String, String> params = new HashMap<>(Map.of("config", tinyConfig("unet").toString(), "warmup", "1"));
        String out = run(params, 2);
        assertThat(out).contains("unet {base=4, batch_norm=true, depth=4, padding=same, up=transposed}, 2 classes;"
                        + " input 2x3x64x64")
                .contains("adam lr 0.001, weight decay 1.0E-4; median of 2 steps after 1 warm-up steps")
                .containsPattern("machine: [0-9]+ cores \\(.*\\), load average .* at start")
                .contains("not found; training on the bundled demo slices instead")
                .containsPattern("seg4j data: folder:.*demo/isbi.* x10, 20 samples per epoch; elastic deformation,"
                        + " crop 64x64, flip, quarter turns, normalisation");
        long expected = unetParameters(3, 2, 4, 4);
        Matcher seg4jParams = Pattern.compile("seg4j: DJL .* threads; ([0-9]+) parameters").matcher(out);
        assertThat(seg4jParams.find()).as(out).isTrue();
        assertThat(Long.parseLong(seg4jParams.group(1))).isEqualTo(expected);
        double[] seg4j = row(out, "seg4j");
        assertThat(seg4j[1]).isCloseTo(2 / (seg4j[0] / 1e3), within(printingError(seg4j)));
        Matcher wait = Pattern.compile("waiting for data: ([0-9.]+)% of the step time over the 2 timed steps"
                + " \\(longest wait ([0-9.]+) ms").matcher(out);
        assertThat(wait.find()).as(out).isTrue();
        assertThat(Double.parseDouble(wait.group(1))).isBetween(0.0, 100.0);
        if (out.contains("PyTorch reference skipped")) {
            return;
        }
        // the same network on both sides: PyTorch counts the parameters of tools/reference/unet.py
        assertThat(out).containsPattern("PyTorch: /usr/bin/python3 .*unet_train_step.py, torch [0-9.]+.*, 1 threads"
                + " \\(torch.set_num_threads\\); " + expected + " parameters");
        double[] torch = row(out, "PyTorch");
        assertThat(torch[1]).isCloseTo(2 / (torch[0] / 1e3), within(printingError(torch)));
        Matcher ratio = Pattern.compile("ratio \\(seg4j images/s / PyTorch images/s\\): ([0-9.]+)x").matcher(out);
        assertThat(ratio.find()).as(out).isTrue();
        assertThat(Double.parseDouble(ratio.group(1))).isCloseTo(seg4j[1] / torch[1],
                within(0.006 + 0.01 * seg4j[1] / torch[1]));
    }

    /**
     * How far images/s recomputed from the printed step time may be from the printed images/s: the step time is
     * printed to 0.1 ms (relative error up to 0.05 ms / step ms) and images/s to 0.01.
     */
    private static double printingError(double[] row) {
        return row[1] * 0.05 / row[0] + 0.006;
    }

    /** Step milliseconds and images/s of a side's row. */
    private static double[] row(String out, String side) {
        Matcher m = Pattern.compile("\\n  " + side + " +([0-9.]+) +([0-9.]+)\\n").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    @Test
    void stepReportsGiveMedianWaitShareAndOverallRate() {
        TrainBench.StepTimes times = new TrainBench.StepTimes(4, 1);
        // warm-up step, ignored; then 4 images in 0.5 s (10% waiting), 1 s (50%), 2 s (0%)
        times.onStep(new TrainingListener.Step(1, 4, 0, 1, 0.1, 0.4, 0.9));
        times.onStep(new TrainingListener.Step(2, 4, 0, 1, 0.1, 8, 0.1));
        times.onStep(new TrainingListener.Step(3, 4, 0, 1, 0.1, 4, 0.5));
        times.onStep(new TrainingListener.Step(4, 4, 0, 1, 0.1, 2, 0));
        assertThat(times.medianMs()).isCloseTo(1000, within(1e-9));
        // waits 0.05 + 0.5 + 0 s over 3.5 s
        assertThat(times.waitShare()).isCloseTo(0.55 / 3.5, within(1e-12));
        assertThat(times.longestWaitMs()).isCloseTo(500, within(1e-9));
        assertThat(times.overallImagesPerSecond()).isCloseTo(12 / 3.5, within(1e-12));
    }

    @Test
    void badInputIsExplained() throws Exception {
        assertThatThrownBy(() -> run(Map.of("config", tinyConfig("segnet_basic").toString()), 1))
                .isInstanceOf(BadInputException.class).hasMessageContaining("times U-Net; this config's architecture"
                        + " is segnet_basic");
        assertThatThrownBy(() -> run(Map.of("config", tinyConfig("unet").toString()), 0))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--repetitions");
        assertThatThrownBy(() -> run(Map.of("config", tinyConfig("unet").toString(), "crop", "64x"), 1))
                .isInstanceOf(BadInputException.class).hasMessageContaining("-P crop must be N or WxH");
        assertThatThrownBy(() -> run(Map.of("config", tmp.resolve("none.json").toString()), 1))
                .isInstanceOf(BadInputException.class).hasMessageContaining("config file does not exist");
    }
}

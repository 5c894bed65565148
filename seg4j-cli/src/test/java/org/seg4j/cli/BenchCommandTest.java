package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    @Test
    void listsEveryBenchmark() {
        CliRun run = CliRun.of("bench", "--list");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("(?m)^confusion ").containsPattern("(?m)^loader ")
                .containsPattern("(?m)^crf ").containsPattern("(?m)^tconv ").containsPattern("(?m)^models ")
                .containsPattern("(?m)^train ").containsPattern("(?m)^predict-large ")
                .containsPattern("(?m)^localize ");
    }

    @Test
    void unknownBenchmarkIsBadInput() {
        CliRun run = CliRun.of("bench", "nosuch");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown benchmark 'nosuch'; try --list");
    }

    @Test
    void predictLargeRunsSeg4jPredictInAFreshProcessAndReportsItsPeakResidentMemory() {
        CliRun cli = CliRun.of("bench", "predict-large", "--repetitions", "1", "--threads", "1", "-P", "size=300x200",
                "-P", "tile=128");
        String out = cli.out();
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(out).containsPattern("predict-large: .*isbi-unet.seg4j on a 300x200 RGB PNG \\([0-9.]+ MB\\) tiled"
                        + " with mirrored copies of .*demo/isbi/image/20.png; seg4j predict --tile 128 --overlap 0.25"
                        + " \\(label PNG \\+ overlay JPEG\\) in a fresh JVM, 1 run\\(s\\)")
                .containsPattern("child JVM: .*java.*, libtorch 1 threads");
        Matcher run = Pattern.compile("run 1: read \\+ predict \\+ write ([0-9]+) ms \\(printed by predict\\), whole"
                + " process ([0-9]+) ms, peak RSS ([0-9]+) MiB").matcher(out);
        assertThat(run.find()).as(out).isTrue();
        // the process does more than the command: starting the JVM and the engine, loading the model
        assertThat(Long.parseLong(run.group(2))).isGreaterThan(Long.parseLong(run.group(1)));
        long peakMib = Long.parseLong(run.group(3));
        // a JVM with libtorch loaded holds tens of MiB at least; a 300x200 prediction is far below the target
        assertThat(peakMib).isBetween(50L, 2048L);
        assertThat(out).containsPattern("largest peak RSS " + peakMib + " MiB = [0-9.]+ GiB \\(target < 2 GiB: met\\)");
    }
}

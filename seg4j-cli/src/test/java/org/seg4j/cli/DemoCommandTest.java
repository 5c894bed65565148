package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.testing.SharedData;

class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void demoScoresBundledPredictionsAsNumpyDoesAndWritesAReport() throws Exception {
        CliRun run = CliRun.of("demo", "--home", SharedData.repoRoot().toString(), "--out", tmp.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        EvalCommandTest.assertAgrees(new ObjectMapper().readTree(tmp.resolve("metrics.json").toFile()),
                EvalCommandTest.fixture("demo_reference.json"),
                EvalCommandTest.fixture("demo_reference.json").get("classNames"));
        String html = Files.readString(tmp.resolve("report.html"));
        assertThat(html).contains("<table").contains("data:image/png;base64,").contains("Bicyclist")
                .contains("0016E5_08159").endsWith("</html>");
        assertThat(run.out()).contains("report:").contains("mean IoU");
    }

    @Test
    void demoWithoutItsDataSaysWhereItLooked() {
        CliRun run = CliRun.of("demo", "--home", tmp.toString(), "--out", tmp.resolve("o").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(tmp.resolve("demo").toString()).contains("bundled demo data not found");
    }
}

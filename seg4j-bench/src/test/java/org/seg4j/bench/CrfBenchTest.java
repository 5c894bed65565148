package org.seg4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrfBenchTest {
    @TempDir
    Path dir;

    private static String run(Map<String, String> params) {
        StringWriter text = new StringWriter();
        new CrfBench().run(new BenchOptions(1, 1, null, params), new PrintWriter(text));
        return text.toString();
    }

    @Test
    void ratiosUseTheReferenceTimedInTheSameRun() throws IOException {
        // a stand-in for the densecrf program: its output format, with round figures
        Path fake = dir.resolve("densecrf-bench");
        Files.writeString(fake, "#!/bin/sh\necho 'iterations  median ms  ns/pixel-label-it'\n"
                + "echo '10  1000.0  52.6'\necho '5  500.0  52.6'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        String out = run(Map.of("reference", fake.toString()));
        assertThat(out).contains("timed in this run, 1 thread: 1000.0 ms (10 iterations), 500.0 ms (5)");
        // each row's ratio is the reference over its own median
        Matcher row = Pattern.compile(
                "(?m)^1 +(10|5) +([0-9.]+) +[0-9.]+ +([0-9.]+)x$").matcher(out);
        int rows = 0;
        while (row.find()) {
            double reference = row.group(1).equals("10") ? 1000 : 500;
            assertThat(Double.parseDouble(row.group(3)))
                    .isCloseTo(reference / Double.parseDouble(row.group(2)), within(0.01));
            rows++;
        }
        assertThat(rows).isEqualTo(2);
    }

    @Test
    void aReferenceThatCannotRunFallsBackToTheRecordedFiguresAndSaysSo() {
        String out = run(Map.of("reference", dir.resolve("missing").toString()));
        assertThat(out).contains("did not run").contains("as recorded for the issue on its machine")
                .contains("360 ms (10 iterations), 226 ms (5)");
    }
}

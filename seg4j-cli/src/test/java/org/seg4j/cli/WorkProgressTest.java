package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkProgressTest {
    @Test
    void plainLinesEveryNthItemAndTheLast() {
        StringWriter text = new StringWriter();
        try (WorkProgress p = new WorkProgress(new PrintWriter(text), false, "eval", 0, 7, 3)) {
            for (int i = 0; i < 7; i++) {
                p.step(i == 5 ? "sixth" : "");
            }
        }
        String[] lines = text.toString().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).matches("eval 3/7 \\([0-9.]+/s, ETA [0-9]+:[0-9]{2}:[0-9]{2}\\)");
        assertThat(lines[1]).matches("eval 6/7 \\([0-9.]+/s, ETA [0-9]+:[0-9]{2}:[0-9]{2}\\) sixth");
        assertThat(lines[2]).matches("eval 7/7 \\([0-9.]+/s, done\\)");
    }

    @Test
    void etaIsTheRemainingItemsOverTheRateSoFar() throws Exception {
        StringWriter text = new StringWriter();
        WorkProgress p = new WorkProgress(new PrintWriter(text), false, "x", 0, 1000, 1000);
        Thread.sleep(200);
        p.stepTo(1, "");
        // at most 1 item per 0.2 s, so the other 999 take at least 199.8 s
        String status = p.status();
        long seconds = Duration.parse("PT" + status.replaceAll(".*ETA (\\d+):(\\d+):(\\d+)\\)",
                "$1H$2M$3S")).getSeconds();
        assertThat(seconds).isGreaterThanOrEqualTo(199);
        assertThat(status).startsWith("x 1/1000 (");
    }

    @Test
    void clockIsHoursMinutesSeconds() {
        assertThat(WorkProgress.clock(0)).isEqualTo("0:00:00");
        assertThat(WorkProgress.clock(59.6)).isEqualTo("0:01:00");
        assertThat(WorkProgress.clock(3 * 3600 + 25 * 60 + 7)).isEqualTo("3:25:07");
    }
}

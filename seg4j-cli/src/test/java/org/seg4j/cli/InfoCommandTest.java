package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InfoCommandTest {
    @Test
    void infoPrintsVersionsAndProvesTheEngineComputes() {
        CliRun run = CliRun.of("info");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("DJL              0.35.1").contains("PyTorch 2.7.1")
                .contains("engine check     ok: [[1,2],[3,4]] x [[5,6],[7,8]] = [19.0, 22.0, 43.0, 50.0]");
    }

    @Test
    void helpListsTheCommands() {
        CliRun run = CliRun.of("--help");
        assertThat(run.out()).contains("info").contains("demo").contains("eval").contains("show").contains("bench");
    }

    @Test
    void everySubcommandAnswersHelpWithItsOptions() {
        for (String command : new String[] {"train", "eval", "predict", "crf", "report", "convert", "show", "demo"}) {
            CliRun run = CliRun.of(command, "--help");
            assertThat(run.exitCode()).as(command + ": " + run.err()).isZero();
            assertThat(run.out()).as(command).contains("Usage: seg4j " + command).contains("-h, --help");
        }
    }
}

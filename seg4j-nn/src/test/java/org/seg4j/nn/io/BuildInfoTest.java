package org.seg4j.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BuildInfoTest {
    @Test
    void unfilledFieldsReadUnknown() {
        Properties p = new Properties();
        p.setProperty("git.commit", "${git.commit.id}");
        p.setProperty("empty", "");
        p.setProperty("seg4j.version", "1.2.3");
        assertThat(BuildInfo.field(p, "git.commit")).isEqualTo(BuildInfo.UNKNOWN);
        assertThat(BuildInfo.field(p, "empty")).isEqualTo(BuildInfo.UNKNOWN);
        assertThat(BuildInfo.field(p, "absent")).isEqualTo(BuildInfo.UNKNOWN);
        assertThat(BuildInfo.field(p, "seg4j.version")).isEqualTo("1.2.3");
    }

    /** The build recorded the revision git reports for the checkout the tests run in (built from it just before). */
    @Test
    void theRecordedRevisionIsTheCheckoutsHead() throws Exception {
        String head = gitHead(Path.of(System.getProperty("seg4j.repo.root", ".")));
        assumeTrue(head != null, "not a git checkout, or no git: the build records the revision as unknown");
        assertThat(BuildInfo.gitCommit()).isEqualTo(head).matches("[0-9a-f]{40}");
        assertThat(BuildInfo.gitDirty()).isIn("true", "false");
    }

    @Test
    void softwareNamesThePinnedEngineVersions() {
        ObjectNode software = BuildInfo.software();
        assertThat(software.path("seg4j").asText()).isEqualTo(BuildInfo.version()).doesNotContain("${");
        assertThat(software.path("djl").asText()).isEqualTo("0.35.1");
        assertThat(software.path("pytorch").asText()).isEqualTo("2.7.1");
        assertThat(software.has("gitCommit")).isTrue();
    }

    private static String gitHead(Path dir) throws InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").directory(dir.toFile())
                    .redirectErrorStream(false).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}

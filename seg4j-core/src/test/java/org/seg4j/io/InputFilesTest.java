package org.seg4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;

class InputFilesTest {
    @Test
    void reasonsAreTheOperatingSystemsNotThePath() {
        // Java's AccessDeniedException message is the path alone; the probe saw "cannot read file: /x/y.png"
        assertThat(InputFiles.reason(new AccessDeniedException("/x/y.png"))).isEqualTo("permission denied");
        assertThat(InputFiles.reason(new FileSystemException("/x/y.png", null, "Input/output error")))
                .isEqualTo("Input/output error");
        assertThat(InputFiles.reason(new IOException("Stream closed"))).isEqualTo("Stream closed");
    }

    @Test
    void aFolderIsNotReadAsAFile(@TempDir Path tmp) {
        assertThatThrownBy(() -> InputFiles.readAllBytes(tmp)).isInstanceOf(BadInputException.class)
                .hasMessage(tmp + ": not a regular file (a folder); seg4j reads only regular files");
        assertThatThrownBy(() -> InputFiles.readAllBytes(tmp.resolve("none")))
                .hasMessage(tmp.resolve("none") + ": file does not exist");
    }

    /** Issue 13, item 11: write errors named the hidden temporary file instead of saying what went wrong. */
    @Test
    void writeErrorsSayWhyAndNameTheTargetNotTheTemporaryFile(@TempDir Path tmp) throws Exception {
        Path blocker = java.nio.file.Files.writeString(tmp.resolve("out"), "a file where a folder should be");
        Path target = blocker.resolve("x.png");
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "x")).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageStartingWith("cannot write " + target + ": ").hasMessageNotContaining(".tmp")
                .hasMessageContaining(blocker.toString());
    }
}


package org.seg4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    private long temporaries() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    @Test
    void aFailedWriteLeavesThePreviousFileAndNoTemporary() throws Exception {
        Path target = tmp.resolve("model.bin");
        AtomicFiles.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("half of the new".getBytes());
            throw new IOException("disk full");
        })).hasMessageContaining("cannot write " + target).hasMessageContaining("disk full");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(temporaries()).isZero();
        AtomicFiles.writeString(target, "new");
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(Files.getPosixFilePermissions(target).toString()).contains("OTHERS_READ");
    }

    @Test
    void aProcessKilledMidWriteLeavesThePreviousFileIntact() throws Exception {
        Path target = tmp.resolve("checkpoint.safetensors");
        AtomicFiles.writeString(target, "last good checkpoint");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SlowAtomicWriter.class.getName(), target.toString()).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (temporaries() == 0 && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(20);
        }
        assertThat(temporaries()).as("the writer started writing its temporary file").isEqualTo(1);
        Thread.sleep(200);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(Files.readString(target)).isEqualTo("last good checkpoint");
    }
}

package org.seg4j.io;

import java.nio.file.Path;

/** A process that writes a file through {@link AtomicFiles} slowly, so a test can kill it mid-write. */
public final class SlowAtomicWriter {
    private SlowAtomicWriter() {
    }

    public static void main(String[] args) {
        AtomicFiles.write(Path.of(args[0]), out -> {
            for (int i = 0; i < 600; i++) {
                out.write(("new content line " + i + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }
}

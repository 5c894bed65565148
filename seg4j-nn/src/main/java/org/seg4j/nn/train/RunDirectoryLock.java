package org.seg4j.nn.train;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.seg4j.BadInputException;

/**
 * The exclusive lock of a run directory: an OS file lock ({@link FileChannel#tryLock}, {@code fcntl} on Linux) on
 * {@code DIR/.lock}, held while a process trains into the directory. A second process (a second {@code train}, or a
 * {@code --resume} while the run goes on) is refused instead of mixing its files with the first one's. The OS drops
 * the lock when the process ends, however it ends (SIGKILL included), so a stale lock file never blocks a resume.
 */
public final class RunDirectoryLock implements AutoCloseable {
    public static final String FILE = ".lock";
    private final FileChannel channel;
    private final FileLock lock;

    private RunDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dir}, creating the directory if needed.
     *
     * @throws BadInputException if another process (or this one) holds it, or the directory cannot be written
     */
    public static RunDirectoryLock acquire(Path dir) {
        Path file = dir.resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dir);
            }
            return new RunDirectoryLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw inUse(dir);
        } catch (IOException e) {
            close(channel);
            throw new BadInputException(dir, "cannot lock the run directory (" + file.getFileName() + "): "
                    + e.getMessage(), e);
        } catch (BadInputException e) {
            close(channel);
            throw e;
        }
    }

    private static BadInputException inUse(Path dir) {
        return new BadInputException(dir, "another seg4j process is training in this run directory; wait for it to "
                + "end (or stop it) before starting or resuming a run here");
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock was not taken; the original error is the one to report
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot release the run directory lock: " + e.getMessage(), e);
        }
    }
}

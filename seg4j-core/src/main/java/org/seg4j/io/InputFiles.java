package org.seg4j.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.seg4j.BadInputException;

/** Reads input files whole, turning I/O failures into {@link BadInputException}s that name the file and the reason. */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * The bytes of a regular file. Anything else (a FIFO, a device, a folder) is refused before it is opened: opening a
     * FIFO blocks until a writer appears, reading a device may never end.
     *
     * @throws BadInputException naming the file and the reason (missing, not a regular file, permission denied, ...)
     */
    public static byte[] readAllBytes(Path file) {
        return readAllBytes(file, Integer.MAX_VALUE - 8, null);
    }

    /**
     * The bytes of a regular file of at most {@code maxBytes} bytes, its size checked before reading.
     *
     * @param kind what the file is, for the messages (e.g. {@code "label spec"}); null for any input file
     * @throws BadInputException as {@link #readAllBytes(Path)}, or if the file is larger than {@code maxBytes}
     */
    public static byte[] readAllBytes(Path file, long maxBytes, String kind) {
        long size = requireRegularFile(file, kind);
        if (size > maxBytes) {
            throw new BadInputException(file, "file is " + size + " bytes, more than the limit of " + maxBytes
                    + " for a " + kind + " file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read file: " + reason(e), e);
        }
    }

    /**
     * @return the file's size in bytes
     * @throws BadInputException if {@code file} is missing or not a regular file (symbolic links are followed)
     */
    public static long requireRegularFile(Path file) {
        return requireRegularFile(file, null);
    }

    /** {@link #requireRegularFile(Path)} naming what the file is (e.g. "config file does not exist"); kind may be null. */
    private static long requireRegularFile(Path file, String kind) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new BadInputException(file, e instanceof NoSuchFileException
                    ? (kind == null ? "" : kind + " ") + "file does not exist" : "cannot read file: " + reason(e), e);
        }
        if (!attributes.isRegularFile()) {
            throw new BadInputException(file, "not a regular file (" + (attributes.isDirectory() ? "a folder"
                    : "a FIFO, socket or device") + "); seg4j reads only regular files");
        }
        return attributes.size();
    }

    /**
     * The operating system's reason for a failed file operation (reading or writing), without the path unless the
     * path is the reason (the caller names the file):
     * Java's {@link FileSystemException}s carry the path as their message and the reason apart, or none at all for
     * {@link AccessDeniedException}.
     */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "a file is in the way: " + f.getFile();
        }
        if (e instanceof NotDirectoryException f) {
            return "not a folder: " + f.getFile();
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

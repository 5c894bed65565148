package org.seg4j.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.seg4j.BadInputException;

/** Reads input files whole, turning I/O failures into {@link BadInputException}s that name the file. */
public final class InputFiles {
    private InputFiles() {
    }

    public static byte[] readAllBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "file does not exist");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read file: " + e.getMessage(), e);
        }
    }
}

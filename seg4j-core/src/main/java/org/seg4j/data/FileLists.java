package org.seg4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.seg4j.BadInputException;

/** File-system helpers shared by the readers: list files, read list files, strip extensions. */
final class FileLists {
    private FileLists() {
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp")
                || n.endsWith(".tif") || n.endsWith(".tiff");
    }

    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** Image files directly in {@code dir}, sorted by name. */
    static List<Path> images(Path dir) {
        requireDirectory(dir);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(FileLists::isImage).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir, "cannot list directory: " + e.getMessage(), e);
        }
    }

    static void requireDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir, Files.exists(dir) ? "not a directory" : "directory does not exist");
        }
    }

    /** Non-blank lines of a text file, trimmed. */
    static List<String> lines(Path file) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(line.trim());
                }
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "list file does not exist");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read list file: " + e.getMessage(), e);
        }
    }
}

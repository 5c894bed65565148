package org.seg4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;

/**
 * Commits the label PNGs of one task attempt so that a retried or speculative attempt leaves exactly one complete file
 * per image: each PNG is written under {@code <folder>/_temporary/<attempt>/} and then renamed to
 * {@code <folder>/<image name>.png}, a name that depends on the image alone. A rename within one file system is atomic,
 * so the final name holds either nothing or a complete PNG; an attempt killed while writing leaves its part in
 * {@code _temporary}, which {@link #cleanUp} removes when the job is done (the scheme of Hadoop's file output
 * committer).
 */
final class LabelCommit {
    static final String STAGING = "_temporary";

    private final Path folder;
    private final Path staging;

    LabelCommit(Path folder, long attempt) {
        this.folder = folder;
        this.staging = folder.resolve(STAGING).resolve("attempt-" + attempt);
    }

    /** Writes {@code labels} as a palette PNG and commits it as {@code <folder>/<name>}; returns the final path. */
    Path commit(String name, LabelMap labels, int[] palette) {
        Path staged = staging.resolve(name);
        Path target = folder.resolve(name);
        ImageFiles.writeLabelPng(staged, labels, palette);
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    /** The label PNG name of an image: its file name with the extension replaced by {@code .png}. */
    static String nameOf(String imagePath) {
        String file = imagePath.substring(imagePath.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        return (dot > 0 ? file.substring(0, dot) : file) + ".png";
    }

    /** Removes what killed or failed attempts left in {@code folder}'s staging area. */
    static void cleanUp(Path folder) {
        Path staging = folder.resolve(STAGING);
        if (!Files.exists(staging)) {
            return;
        }
        try (Stream<Path> all = Files.walk(staging)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + staging + ": " + e.getMessage(), e);
        }
    }
}

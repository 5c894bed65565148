package org.seg4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seg4j.BadInputException;

/**
 * Where {@code predict} and {@code localize} write each image's outputs: {@code OUT/<stem><suffix>}, the stem being
 * the image's file name without its extension (so {@code predict}'s {@code <stem>.png} is the name {@code eval --pred}
 * looks up). Checked before anything runs, so nothing is lost half-way: two inputs with one stem ({@code a/x.png} and
 * {@code b/x.png}, or {@code x.jpg} and {@code x.png}) are refused, as is any output that would replace an input
 * image (e.g. {@code --out} equal to the input folder).
 */
final class OutputNames {
    private final Path out;
    private final Map<Path, String> stems;

    private OutputNames(Path out, Map<Path, String> stems) {
        this.out = out;
        this.stems = stems;
    }

    /**
     * The output names of {@code images} under {@code out}, each image writing one file per suffix.
     *
     * @throws BadInputException if two images share a stem, or an output would overwrite one of the images
     */
    static OutputNames plan(List<Path> images, Path out, List<String> suffixes) {
        Map<Path, String> stems = new LinkedHashMap<>();
        Map<String, Path> byStem = new HashMap<>();
        Map<Path, Path> inputs = new HashMap<>();
        for (Path image : images) {
            inputs.put(real(image), image);
        }
        for (Path image : images) {
            String stem = stem(image);
            Path earlier = byStem.putIfAbsent(stem, image);
            if (earlier != null) {
                throw new BadInputException(image, "has the same name as " + earlier + " without its extension; both "
                        + "would be written as " + out.resolve(stem + suffixes.get(0)) + " (write them into separate --out "
                        + "folders or rename one)");
            }
            for (String suffix : suffixes) {
                Path input = inputs.get(real(out.resolve(stem + suffix)));
                if (input != null) {
                    throw new BadInputException(out, "writing the prediction of " + image + " would overwrite the "
                            + "input image " + input + "; choose an --out folder other than the input folder");
                }
            }
            stems.put(image, stem);
        }
        return new OutputNames(out, stems);
    }

    /** The output of {@code image} with this suffix. */
    Path of(Path image, String suffix) {
        return out.resolve(stems.get(image) + suffix);
    }

    static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** The file's real path (links resolved) when it exists, else its absolute normal form. */
    private static Path real(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            return Files.exists(absolute) ? absolute.toRealPath() : absolute;
        } catch (IOException e) {
            return absolute;
        }
    }
}

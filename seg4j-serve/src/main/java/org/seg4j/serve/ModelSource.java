package org.seg4j.serve;

import java.nio.file.Path;
import org.seg4j.BadInputException;

/**
 * A model file and the name the server gives it in its routes ({@code /models/NAME/...}).
 *
 * @param name letters, digits, '.', '_' and '-'
 * @param file a seg4j model file
 */
public record ModelSource(String name, Path file) {
    public ModelSource {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new BadInputException(file, "model name '" + name + "' may hold only letters, digits, '.', '_' "
                    + "and '-'");
        }
    }

    /**
     * {@code NAME=FILE}, or {@code FILE} named by its file name without the extension
     * ({@code models/camvid-unet.seg4j} is {@code camvid-unet}).
     */
    public static ModelSource parse(String text) {
        int eq = text.indexOf('=');
        if (eq > 0) {
            return new ModelSource(text.substring(0, eq), Path.of(text.substring(eq + 1)));
        }
        Path file = Path.of(text);
        String base = file.getFileName() == null ? text : file.getFileName().toString();
        int dot = base.lastIndexOf('.');
        return new ModelSource(dot > 0 ? base.substring(0, dot) : base, file);
    }
}

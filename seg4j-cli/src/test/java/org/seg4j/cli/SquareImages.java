package org.seg4j.cli;

import java.nio.file.Path;
import java.util.Random;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;

/** A generated folder data set: one bright square per noisy dark image; the label (255) marks the square. */
final class SquareImages {
    private SquareImages() {
    }

    /** Writes {@code image/<i>.png} and {@code label/<i>.png} for i in 0..count-1 under {@code dir}; returns dir. */
    static Path write(Path dir, int count, int width, int height, int minSide, int maxSide, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < count; i++) {
            RgbImage img = RgbImage.blank(width, height);
            LabelMap label = new LabelMap(width, height, new byte[width * height]);
            int side = minSide == maxSide ? minSide : minSide + r.nextInt(maxSide - minSide + 1);
            int x0 = r.nextInt(width - side + 1);
            int y0 = r.nextInt(height - side + 1);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    boolean in = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
                    int v = in ? 200 + r.nextInt(40) : r.nextInt(60);
                    img.set(x, y, v << 16 | v << 8 | v);
                    label.set(x, y, in ? 255 : 0);
                }
            }
            ImageFiles.writeRgb(dir.resolve("image/" + i + ".png"), img);
            ImageFiles.writeGreyPng(dir.resolve("label/" + i + ".png"), label);
        }
        return dir;
    }
}

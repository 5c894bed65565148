package org.seg4j.crf;

import java.util.Random;
import org.seg4j.image.RgbImage;

/** Small synthetic images for the CRF tests: four colour quadrants with noise, the shape of a real segmentation. */
final class TestImages {
    private TestImages() {
    }

    static RgbImage quadrants(int w, int h, long seed) {
        return quadrants(w, h, seed, 40);
    }

    /** Colour noise uniform in {@code [0, noise)} per channel. */
    static RgbImage quadrants(int w, int h, long seed, int noise) {
        Random rnd = new Random(seed);
        RgbImage img = RgbImage.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean left = x < w / 2 + (y % 7) - 3;
                boolean top = y < h / 2;
                int r = (left ? 190 : 50) + rnd.nextInt(noise);
                int g = (top ? 60 : 170) + rnd.nextInt(noise);
                int b = rnd.nextInt(noise) + (left && top ? 150 : 20);
                img.set(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    /** Noisy probabilities for 3 labels: the true label (left / right-top / right-bottom) has 0.45..0.75. */
    static float[] noisyProbabilities(int w, int h, long seed) {
        Random rnd = new Random(seed);
        int n = w * h;
        float[] p = new float[3 * n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int truth = x < w / 2 ? 0 : y < h / 2 ? 1 : 2;
                int shown = rnd.nextDouble() < 0.25 ? rnd.nextInt(3) : truth;
                float top = 0.45f + 0.3f * rnd.nextFloat();
                for (int l = 0; l < 3; l++) {
                    p[l * n + i] = l == shown ? top : (1 - top) / 2;
                }
            }
        }
        return p;
    }
}

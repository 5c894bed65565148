package org.seg4j.data.augment;

import java.util.random.RandomGenerator;
import org.seg4j.data.Sample;
import org.seg4j.image.RgbImage;

/**
 * Colour jitter after mmsegmentation's {@code PhotoMetricDistortion} (mmseg/datasets/pipelines/transforms.py), with
 * its defaults. In order, each step applied with probability 1/2:
 * <ol>
 *   <li>brightness: {@code v + beta}, beta uniform in [-32, 32];</li>
 *   <li>contrast, here or at the end (a fair coin picks which): {@code alpha * v}, alpha uniform in [0.5, 1.5];</li>
 *   <li>saturation: HSV saturation times a factor uniform in [0.5, 1.5], clipped to 1;</li>
 *   <li>hue: HSV hue plus a shift uniform in [-36, 36] degrees (mmsegmentation's {@code hue_delta=18} in OpenCV's
 *       half-degree hue units).</li>
 * </ol>
 * Brightness and contrast clip to [0, 255] after each step as mmsegmentation does. Two deliberate differences: values
 * are rounded to the nearest integer (mmsegmentation truncates, darkening by half a level on average), and the HSV
 * steps work in floating point (hexcone model of Smith, "Color gamut transform pairs", SIGGRAPH 1978, the formulas
 * of OpenCV's {@code cvtColor} RGB2HSV/HSV2RGB) rather than through 8-bit HSV, so a zero shift returns the image
 * unchanged and the hue shift is continuous. Only the image changes; labels and boxes are kept.
 */
public final class PhotometricDistortion implements Augmentation {
    /** 1 / n for n = 1..255 (index 0 unused): the per-pixel divisions become multiplications. */
    private static final double[] RECIPROCAL = new double[256];

    static {
        for (int n = 1; n < 256; n++) {
            RECIPROCAL[n] = 1.0 / n;
        }
    }

    private final double brightnessDelta;
    private final double contrastLower;
    private final double contrastUpper;
    private final double saturationLower;
    private final double saturationUpper;
    private final double hueDeltaDegrees;

    /** mmsegmentation's defaults: brightness 32, contrast 0.5-1.5, saturation 0.5-1.5, hue 18 (= 36 degrees). */
    public PhotometricDistortion() {
        this(32, 0.5, 1.5, 0.5, 1.5, 36);
    }

    public PhotometricDistortion(double brightnessDelta, double contrastLower, double contrastUpper,
            double saturationLower, double saturationUpper, double hueDeltaDegrees) {
        if (!(brightnessDelta >= 0) || !(hueDeltaDegrees >= 0 && hueDeltaDegrees <= 180)
                || !(contrastLower >= 0 && contrastUpper >= contrastLower)
                || !(saturationLower >= 0 && saturationUpper >= saturationLower)) {
            throw new IllegalArgumentException("invalid photometric ranges: brightness " + brightnessDelta
                    + ", contrast " + contrastLower + ".." + contrastUpper + ", saturation " + saturationLower + ".."
                    + saturationUpper + ", hue " + hueDeltaDegrees);
        }
        this.brightnessDelta = brightnessDelta;
        this.contrastLower = contrastLower;
        this.contrastUpper = contrastUpper;
        this.saturationLower = saturationLower;
        this.saturationUpper = saturationUpper;
        this.hueDeltaDegrees = hueDeltaDegrees;
    }

    @Override
    public Sample apply(Sample s, RandomGenerator rng) {
        RgbImage img = s.image();
        if (rng.nextBoolean()) {
            img = linear(img, 1, uniform(rng, -brightnessDelta, brightnessDelta));
        }
        boolean contrastFirst = rng.nextBoolean();
        if (contrastFirst) {
            img = contrast(img, rng);
        }
        double saturation = rng.nextBoolean() ? uniform(rng, saturationLower, saturationUpper) : 1;
        double hue = rng.nextBoolean() ? uniform(rng, -hueDeltaDegrees, hueDeltaDegrees) : 0;
        if (saturation != 1 || hue != 0) {
            img = hsv(img, saturation, hue);
        }
        if (!contrastFirst) {
            img = contrast(img, rng);
        }
        return img == s.image() ? s : s.with(img, s.label(), s.boxes());
    }

    private RgbImage contrast(RgbImage img, RandomGenerator rng) {
        return rng.nextBoolean() ? linear(img, uniform(rng, contrastLower, contrastUpper), 0) : img;
    }

    private static double uniform(RandomGenerator rng, double lo, double hi) {
        return lo == hi ? lo : rng.nextDouble(lo, hi);
    }

    /** Every channel value v becomes clip(round(alpha * v + beta), 0, 255). */
    public static RgbImage linear(RgbImage img, double alpha, double beta) {
        byte[] lut = new byte[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = (byte) clip(Math.round(alpha * v + beta));
        }
        byte[] in = img.data();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = lut[in[i] & 0xFF];
        }
        return new RgbImage(img.width(), img.height(), out);
    }

    /**
     * Multiplies HSV saturation by {@code saturationScale} (clipped to 1) and rotates hue by {@code hueShiftDegrees},
     * converting each pixel RGB -> HSV -> RGB in floating point and rounding at the end.
     */
    public static RgbImage hsv(RgbImage img, double saturationScale, double hueShiftDegrees) {
        byte[] in = img.data();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i += 3) {
            int r = in[i] & 0xFF;
            int g = in[i + 1] & 0xFF;
            int b = in[i + 2] & 0xFF;
            int v = Math.max(r, Math.max(g, b));
            int delta = v - Math.min(r, Math.min(g, b));
            if (delta == 0) {
                // grey: no hue, saturation 0 stays 0
                out[i] = in[i];
                out[i + 1] = in[i + 1];
                out[i + 2] = in[i + 2];
                continue;
            }
            double perDelta = 60 * RECIPROCAL[delta];
            double h;
            if (v == r) {
                h = (g - b) * perDelta;
            } else if (v == g) {
                h = 120 + (b - r) * perDelta;
            } else {
                h = 240 + (r - g) * perDelta;
            }
            h += hueShiftDegrees;
            h -= 360 * Math.floor(h * (1.0 / 360));
            double sat = Math.min(1, delta * RECIPROCAL[v] * saturationScale);
            hsvToRgb(h, sat, v, out, i);
        }
        return new RgbImage(img.width(), img.height(), out);
    }

    /** Hexcone HSV to RGB, h in [0, 360), s in [0, 1], v in [0, 255]; every result lies in [0, v], so no clipping. */
    private static void hsvToRgb(double h, double s, double v, byte[] out, int i) {
        double sector = h * (1.0 / 60);
        int k = Math.min((int) sector, 5);
        double f = sector - k;
        double p = v * (1 - s);
        double q = v * (1 - s * f);
        double t = v * (1 - s * (1 - f));
        double r;
        double g;
        double b;
        switch (k) {
            case 0 -> { r = v; g = t; b = p; }
            case 1 -> { r = q; g = v; b = p; }
            case 2 -> { r = p; g = v; b = t; }
            case 3 -> { r = p; g = q; b = v; }
            case 4 -> { r = t; g = p; b = v; }
            default -> { r = v; g = p; b = q; }
        }
        out[i] = (byte) (int) (r + 0.5);
        out[i + 1] = (byte) (int) (g + 0.5);
        out[i + 2] = (byte) (int) (b + 0.5);
    }

    private static long clip(long v) {
        return Math.max(0, Math.min(255, v));
    }
}

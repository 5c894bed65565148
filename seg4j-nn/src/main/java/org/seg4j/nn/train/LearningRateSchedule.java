package org.seg4j.nn.train;

import java.util.Locale;

/**
 * The learning rate at each optimizer step, with an optional linear warm-up (mmsegmentation's "linear" warm-up:
 * from {@code base * warmupRatio} at step 0 to {@code base} at step {@code warmupSteps}):
 * <ul>
 *   <li>{@code poly}: {@code (base - minLr) (1 - t/T)^power + minLr} (DeepLab, power 0.9);</li>
 *   <li>{@code step}: {@code base * gamma^floor(t / stepSize)};</li>
 *   <li>{@code cosine}: {@code minLr + (base - minLr) (1 + cos(pi t / T)) / 2};</li>
 *   <li>{@code constant}: {@code base}.</li>
 * </ul>
 * t is the step (0-based), T the total number of steps.
 */
public record LearningRateSchedule(String kind, double base, long totalSteps, double power, long stepSize,
        double gamma, double minLr, long warmupSteps, double warmupRatio) {
    public LearningRateSchedule {
        kind = kind.toLowerCase(Locale.ROOT);
        if (!java.util.List.of("poly", "step", "cosine", "constant").contains(kind)) {
            throw new IllegalArgumentException("schedule must be poly, step, cosine or constant, got '" + kind + "'");
        }
        if (base <= 0 || totalSteps <= 0) {
            throw new IllegalArgumentException("base learning rate and total steps must be positive");
        }
        if (kind.equals("step") && stepSize <= 0) {
            throw new IllegalArgumentException("a step schedule needs a positive stepSize");
        }
    }

    public static LearningRateSchedule poly(double base, long totalSteps, double power) {
        return new LearningRateSchedule("poly", base, totalSteps, power, 0, 0, 0, 0, 1);
    }

    public LearningRateSchedule withWarmup(long steps, double ratio) {
        return new LearningRateSchedule(kind, base, totalSteps, power, stepSize, gamma, minLr, steps, ratio);
    }

    /** The learning rate at step t (0-based). */
    public double at(long t) {
        long step = Math.min(t, totalSteps);
        double lr = switch (kind) {
            case "poly" -> (base - minLr) * Math.pow(1 - (double) step / totalSteps, power) + minLr;
            case "step" -> base * Math.pow(gamma, Math.floor((double) step / stepSize));
            case "cosine" -> minLr + (base - minLr) * (1 + Math.cos(Math.PI * step / totalSteps)) / 2;
            default -> base;
        };
        if (t < warmupSteps) {
            double k = (1 - (double) t / warmupSteps) * (1 - warmupRatio);
            lr *= 1 - k;
        }
        return lr;
    }
}

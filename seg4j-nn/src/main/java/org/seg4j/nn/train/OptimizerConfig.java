package org.seg4j.nn.train;

import java.util.Locale;

/**
 * How parameters are updated, with PyTorch's semantics and defaults:
 * <ul>
 *   <li>{@code sgd}: {@code g = grad + wd w; b = momentum b + g} (b = g on the first step); {@code w -= lr b}
 *       (torch.optim.SGD, dampening 0);</li>
 *   <li>{@code adam}: L2 weight decay added to the gradient, bias-corrected moments (Kingma and Ba 2015,
 *       torch.optim.Adam);</li>
 *   <li>{@code adamw}: decoupled weight decay {@code w -= lr wd w} before the Adam step (Loshchilov and Hutter 2019,
 *       torch.optim.AdamW).</li>
 * </ul>
 */
public record OptimizerConfig(String kind, double momentum, double weightDecay, double beta1, double beta2,
        double epsilon) {
    public OptimizerConfig {
        kind = kind.toLowerCase(Locale.ROOT);
        if (!kind.equals("sgd") && !kind.equals("adam") && !kind.equals("adamw")) {
            throw new IllegalArgumentException("optimizer must be sgd, adam or adamw, got '" + kind + "'");
        }
    }

    public static OptimizerConfig sgd(double momentum, double weightDecay) {
        return new OptimizerConfig("sgd", momentum, weightDecay, 0.9, 0.999, 1e-8);
    }

    public static OptimizerConfig adam(double weightDecay) {
        return new OptimizerConfig("adam", 0, weightDecay, 0.9, 0.999, 1e-8);
    }

    public static OptimizerConfig adamW(double weightDecay) {
        return new OptimizerConfig("adamw", 0, weightDecay, 0.9, 0.999, 1e-8);
    }
}

package org.seg4j.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;

/**
 * Folds an inference-mode batch normalization into the convolution before it. At inference batch norm is a fixed
 * per-channel affine map (Ioffe &amp; Szegedy, "Batch Normalization", ICML 2015, Algorithm 2, step 11):
 * {@code y = gamma (x - mean) / sqrt(var + eps) + beta}; applied to a convolution's output {@code x = W * u + b} it
 * equals one convolution with weight {@code W' = W s} (output channel {@code o} scaled by
 * {@code s_o = gamma_o / sqrt(var_o + eps)}) and bias {@code b' = (b - mean) s + beta}. The folded convolution skips
 * one pass over the (largest) activation; its outputs differ from the unfolded pair only by float rounding.
 * The arithmetic is done in float64 and the result rounded once to float32.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {
    }

    /** A convolution's weight {@code [out, in, kh, kw]} and bias {@code [out]}. */
    public record Folded(NDArray weight, NDArray bias) {
    }

    /**
     * The folded convolution, on the weight's manager.
     *
     * @param weight the convolution's weight {@code [out, in, kh, kw]}
     * @param bias the convolution's bias {@code [out]}, or null for a convolution without bias
     * @param norm the initialised (trained) batch norm over the convolution's {@code out} channels
     * @param epsilon the batch norm's epsilon (DJL's {@link BatchNorm} does not expose it)
     */
    public static Folded fold(NDArray weight, NDArray bias, BatchNorm norm, float epsilon) {
        long out = weight.getShape().get(0);
        NDArray gamma = parameter(norm, "gamma", out);
        NDArray beta = parameter(norm, "beta", out);
        NDArray mean = parameter(norm, "runningMean", out);
        NDArray variance = parameter(norm, "runningVar", out);
        NDArray scale = gamma.div(variance.add((double) epsilon).sqrt());
        Shape perChannel = new Shape(out, 1, 1, 1);
        NDArray w = weight.toType(DataType.FLOAT64, true).mul(scale.reshape(perChannel));
        NDArray b = (bias == null ? mean.neg() : bias.toType(DataType.FLOAT64, true).sub(mean)).mul(scale).add(beta);
        return new Folded(w.toType(DataType.FLOAT32, false), b.toType(DataType.FLOAT32, false));
    }

    private static NDArray parameter(BatchNorm norm, String name, long channels) {
        Parameter p = norm.getParameters().get(name);
        if (p == null || !p.isInitialized() || p.getArray().getShape().size() != channels) {
            throw new IllegalArgumentException("the batch norm has no initialised " + name + " of " + channels
                    + " channels");
        }
        return p.getArray().toType(DataType.FLOAT64, true);
    }
}

package org.seg4j.crf;

/**
 * The parameters of DeepLab's fully connected CRF (Chen et al. 2015, after Krähenbühl and Koltun 2011):
 * <pre>
 * theta_ij = mu(x_i, x_j) [ w1 exp(-|p_i - p_j|^2 / 2 thetaA^2 - |I_i - I_j|^2 / 2 thetaB^2)
 *                         + w2 exp(-|p_i - p_j|^2 / 2 thetaG^2) ]
 * </pre>
 * with Potts {@code mu}, symmetric normalisation, and {@code iterations} mean-field steps. A weight of 0 leaves its
 * kernel out.
 *
 * @param w1 weight of the appearance (bilateral) kernel
 * @param thetaA spatial standard deviation of the appearance kernel, pixels
 * @param thetaB colour standard deviation of the appearance kernel, 8-bit levels
 * @param w2 weight of the smoothness (Gaussian) kernel
 * @param thetaG spatial standard deviation of the smoothness kernel, pixels
 * @param iterations mean-field iterations
 */
public record CrfParameters(float w1, float thetaA, float thetaB, float w2, float thetaG, int iterations)
        implements java.io.Serializable {
    public CrfParameters {
        if (!(w1 >= 0) || !(w2 >= 0) || !Float.isFinite(w1) || !Float.isFinite(w2)) {
            throw new IllegalArgumentException("kernel weights must be finite and non-negative, got w1=" + w1 + " w2=" + w2);
        }
        if (!(thetaA > 0) || !(thetaB > 0) || !(thetaG > 0)) {
            throw new IllegalArgumentException("standard deviations must be positive, got thetaA=" + thetaA
                    + " thetaB=" + thetaB + " thetaG=" + thetaG);
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must not be negative, got " + iterations);
        }
    }

    /** DeepLab's published defaults: w1 = 4, thetaA = 121, thetaB = 5, w2 = 3, thetaG = 3, 10 iterations. */
    public static CrfParameters deepLab() {
        return new CrfParameters(4, 121, 5, 3, 3, 10);
    }

    /**
     * pydensecrf's {@code examples/inference.py}: bilateral sxy 80, srgb 13, compat 10; Gaussian sxy 3, compat 3;
     * 5 iterations.
     */
    public static CrfParameters pydensecrfExample() {
        return new CrfParameters(10, 80, 13, 3, 3, 5);
    }

    public CrfParameters withIterations(int n) {
        return new CrfParameters(w1, thetaA, thetaB, w2, thetaG, n);
    }

    public CrfParameters withBilateral(float w, float sxy, float srgb) {
        return new CrfParameters(w, sxy, srgb, w2, thetaG, iterations);
    }

    public CrfParameters withGaussian(float w, float sxy) {
        return new CrfParameters(w1, thetaA, thetaB, w, sxy, iterations);
    }
}

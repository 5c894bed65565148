package org.seg4j.nn.loss;

import java.util.Arrays;

/**
 * Class weights for imbalanced data. Median-frequency balancing (Eigen and Fergus, "Predicting depth, surface normals
 * and semantic labels with a common multi-scale convolutional architecture", ICCV 2015; used by SegNet):
 * {@code w_c = median(f) / f_c}, where {@code f_c} is the number of pixels of class c divided by the total number of
 * pixels of the images in which c appears, and the median is over the classes that appear.
 */
public final class ClassWeights {
    private ClassWeights() {
    }

    /**
     * @param classPixels pixels of each class over the training set
     * @param imagePixelsWherePresent for each class, the total pixel count of the images in which it appears
     * @return the weights; a class that never appears gets weight 0
     */
    public static float[] medianFrequency(long[] classPixels, long[] imagePixelsWherePresent) {
        int n = classPixels.length;
        double[] freq = new double[n];
        for (int c = 0; c < n; c++) {
            freq[c] = classPixels[c] > 0 ? (double) classPixels[c] / imagePixelsWherePresent[c] : 0;
        }
        double[] present = Arrays.stream(freq).filter(f -> f > 0).sorted().toArray();
        int m = present.length;
        double median = m == 0 ? 0 : m % 2 == 1 ? present[m / 2] : (present[m / 2 - 1] + present[m / 2]) / 2;
        float[] w = new float[n];
        for (int c = 0; c < n; c++) {
            w[c] = freq[c] > 0 ? (float) (median / freq[c]) : 0f;
        }
        return w;
    }
}

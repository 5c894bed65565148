package org.seg4j.nn.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class MaxPool2x2Test {
    /** A naive loop: each output the maximum of its 2x2 block, odd last rows and columns dropped. */
    private static float[] naive(float[] x, int n, int h, int w) {
        float[] out = new float[n * (h / 2) * (w / 2)];
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < h / 2; i++) {
                for (int j = 0; j < w / 2; j++) {
                    int base = (c * h + 2 * i) * w + 2 * j;
                    out[(c * (h / 2) + i) * (w / 2) + j] = Math.max(Math.max(x[base], x[base + 1]),
                            Math.max(x[base + w], x[base + w + 1]));
                }
            }
        }
        return out;
    }

    @Test
    void equalsANaiveLoopOnEvenAndOddSides() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] hw : new int[][] {{6, 8}, {7, 9}, {2, 3}, {5, 2}}) {
                NDArray x = m.randomNormal(new Shape(2, 3, hw[0], hw[1]));
                NDArray pooled = MaxPool2x2.pool(x);
                assertThat(pooled.getShape()).isEqualTo(new Shape(2, 3, hw[0] / 2, hw[1] / 2));
                assertThat(pooled.toFloatArray()).containsExactly(naive(x.toFloatArray(), 6, hw[0], hw[1]));
            }
        }
    }

    @Test
    void refusesMapsSmallerThanOneWindow() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> MaxPool2x2.pool(m.zeros(new Shape(1, 1, 1, 4))))
                    .hasMessageContaining("H >= 2, W >= 2");
        }
    }
}

package org.seg4j.nn.layer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** Reflection padding against numpy's {@code np.pad(mode='reflect')} (outputs printed by numpy 1.x, copied here). */
class ReflectionPadTest {
    @Test
    void indicesAreNumpysReflectIncludingRepeatedReflection() {
        // np.pad(np.arange(3), (5, 6), 'reflect')
        assertThat(ReflectionPad.indices(3, 5, 6)).containsExactly(1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1, 0);
        // np.pad(np.arange(1), (3, 3), 'reflect')
        assertThat(ReflectionPad.indices(1, 3, 3)).containsExactly(0, 0, 0, 0, 0, 0, 0);
        // np.pad(np.arange(4), (2, 1), 'reflect')
        assertThat(ReflectionPad.indices(4, 2, 1)).containsExactly(2, 1, 0, 1, 2, 3, 2);
    }

    /** A 2x3 image padded (1, 2) x (2, 0), written out by hand; each gradient counts how often its pixel appears. */
    @Test
    void padsBothAxesAndSumsTheGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 1, 2, 3));
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                y = ReflectionPad.pad(x, 1, 2, 2, 0);
                c.backward(y.sum());
            }
            // rows: 1, 0, 1, 0, 1 (indices(2, 1, 2)); columns: 2, 1, 0, 1, 2
            assertThat(y.getShape()).isEqualTo(new Shape(1, 1, 5, 5));
            float[] r0 = {6, 5, 4, 5, 6};
            float[] r1 = {3, 2, 1, 2, 3};
            float[] expected = new float[25];
            for (int i = 0; i < 5; i++) {
                System.arraycopy(i % 2 == 0 ? r0 : r1, 0, expected, 5 * i, 5);
            }
            assertThat(y.toFloatArray()).containsExactly(expected);
            // row 1 appears 3 times, row 0 twice; columns 1 and 2 twice, column 0 once
            assertThat(x.getGradient().toFloatArray()).containsExactly(2, 4, 4, 3, 6, 6);
        }
    }
}

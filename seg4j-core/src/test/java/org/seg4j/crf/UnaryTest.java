package org.seg4j.crf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.seg4j.image.RgbImage;

/** Unaries against hand-computed values of pydensecrf's unary_from_labels / unary_from_softmax. */
class UnaryTest {
    @Test
    void fromAnnotationAsUnaryFromLabels() {
        // 3 labels, gt_prob 0.7: -log 0.7 = 0.35667, -log(0.15) = 1.89712, unknown -log(1/3) = 1.09861.
        Unary u = Unary.fromAnnotation(new int[] {2, -1}, 3, 0.7f);
        assertThat(u.energy(0, 2)).isCloseTo(0.35667f, within(1e-5f));
        assertThat(u.energy(0, 0)).isCloseTo(1.89712f, within(1e-5f));
        assertThat(u.energy(0, 1)).isCloseTo(1.89712f, within(1e-5f));
        for (int l = 0; l < 3; l++) {
            assertThat(u.energy(1, l)).isCloseTo(1.09861f, within(1e-5f));
        }
    }

    @Test
    void fromProbabilitiesIsNegativeLogWithClip() {
        Unary u = Unary.fromProbabilities(new float[] {0.5f, 0f, 0.5f, 1f}, 2, 2);
        assertThat(u.energy(0, 0)).isCloseTo(0.693147f, within(1e-6f));
        assertThat(u.energy(1, 0)).isCloseTo(11.512925f, within(1e-4f));
        assertThat(u.energy(1, 1)).isZero();
    }

    @Test
    void rejectsNegativeNanAndMisshapenInput() {
        assertThatThrownBy(() -> Unary.fromProbabilities(new float[] {0.5f, -0.1f}, 1, 2))
                .hasMessageContaining("-0.1").hasMessageContaining("non-negative");
        assertThatThrownBy(() -> Unary.fromProbabilities(new float[] {Float.NaN, 1}, 1, 2))
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> Unary.fromEnergies(new float[] {Float.POSITIVE_INFINITY, 1}, 1, 2))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> Unary.fromProbabilities(new float[5], 2, 2)).hasMessageContaining("2 x 2");
        assertThatThrownBy(() -> Unary.fromProbabilities(new float[0], 0, 2)).hasMessageContaining("at least one label");
        assertThatThrownBy(() -> Unary.fromAnnotation(new int[] {0}, 2, 1f)).hasMessageContaining("(0, 1)");
    }

    @Test
    void scribbleColoursBecomeLabelsInNumpyUniqueOrder() {
        RgbImage anno = RgbImage.blank(4, 1);
        anno.set(0, 0, 0x408000); // (64,128,0) packs to 64 + 128*256 = 32832
        anno.set(1, 0, 0x004000); // (0,64,0) packs to 16384
        anno.set(2, 0, 0x000000); // unknown
        anno.set(3, 0, 0x004000);
        ScribbleAnnotation a = ScribbleAnnotation.of(anno);
        assertThat(a.colours()).containsExactly(0x004000, 0x408000);
        assertThat(a.labels()).containsExactly(1, 0, -1, 0);
    }

    @Test
    void scribblesNeedTwoColours() {
        RgbImage anno = RgbImage.blank(3, 1);
        anno.set(1, 0, 0x112233);
        assertThatThrownBy(() -> ScribbleAnnotation.of(anno)).hasMessageContaining("at least 2 labels");
    }
}

package org.seg4j.crf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.seg4j.image.RgbImage;

/**
 * Mean-field inference against a brute-force O(N^2) mean field with exact Gaussian kernels (BruteForce), and
 * hand-computable cases.
 */
class DenseCrfTest {
    private static final int W = 40;
    private static final int H = 40;
    private static final int N = W * H;

    private static double agreement(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return same / (double) a.length;
    }

    private static float[] pixelMajor(float[] planar, int labels, int n) {
        float[] out = new float[planar.length];
        for (int l = 0; l < labels; l++) {
            for (int i = 0; i < n; i++) {
                out[i * labels + l] = planar[l * n + i];
            }
        }
        return out;
    }

    /**
     * Parameters scaled to a 40x40 image, pydensecrf's example ones (whose bilateral kernel spans the image) and
     * DeepLab's with the spatial range cut to the image size, on images with colour noise of 40 and 10 levels.
     * Measured agreement: 99.94-100%, and 99.5% for DeepLab's narrow colour kernel (thetaB = 5) on the 40-level
     * noise, which leaves each pixel almost alone in colour space, where the lattice is least accurate (with
     * 60-level noise in one channel that case fell to 98.8%).
     */
    @Test
    void sameMapAsBruteForceMeanField() {
        Unary u = Unary.fromProbabilities(TestImages.noisyProbabilities(W, H, 12), 3, N);
        CrfParameters small = new CrfParameters(5, 10, 20, 3, 2, 5);
        CrfParameters deepLab = CrfParameters.deepLab().withBilateral(4, 12, 5);
        CrfParameters[] params = {small, CrfParameters.pydensecrfExample(), deepLab,
            small, CrfParameters.pydensecrfExample(), deepLab};
        int[] noise = {40, 40, 40, 10, 10, 10};
        for (int c = 0; c < params.length; c++) {
            CrfParameters p = params[c];
            RgbImage img = TestImages.quadrants(W, H, 11, noise[c]);
            MeanFieldResult fast = DenseCrf.forImage(img, 3, p, 1).inference(u, p.iterations());
            Features[] kernels = {Features.position(W, H, p.thetaG(), p.thetaG()),
                    Features.bilateral(img, p.thetaA(), p.thetaA(), p.thetaB(), p.thetaB(), p.thetaB())};
            double[] exact = BruteForce.meanField(kernels, new float[] {p.w2(), p.w1()}, u, p.iterations());
            int[] exactMap = BruteForce.argmax(exact, N, 3);
            int[] unaryMap = BruteForce.argmax(BruteForce.softmax(negated(u), N, 3), N, 3);
            assertThat(agreement(exactMap, unaryMap)).as("the CRF changes labels (%s)", p).isLessThan(0.95);
            assertThat(agreement(fast.map(), exactMap)).as("MAP agreement, %s", p).isGreaterThanOrEqualTo(0.99);
            float[] q = pixelMajor(fast.q(), 3, N);
            double meanAbs = 0;
            for (int i = 0; i < q.length; i++) {
                meanAbs += Math.abs(q[i] - exact[i]);
            }
            assertThat(meanAbs / q.length).as("mean |Q - Q_exact|, %s", p).isLessThan(0.01);
        }
    }

    private static double[] negated(Unary u) {
        double[] l = new double[u.points() * u.labels()];
        for (int i = 0; i < u.points(); i++) {
            for (int k = 0; k < u.labels(); k++) {
                l[i * u.labels() + k] = -u.energy(i, k);
            }
        }
        return l;
    }

    @Test
    void threadsDoNotChangeTheResult() {
        RgbImage img = TestImages.quadrants(W, H, 3);
        Unary u = Unary.fromProbabilities(TestImages.noisyProbabilities(W, H, 4), 3, N);
        MeanFieldResult one = DenseCrf.forImage(img, 3, CrfParameters.deepLab(), 1).inference(u, 10);
        MeanFieldResult three = DenseCrf.forImage(img, 3, CrfParameters.deepLab(), 3).inference(u, 10);
        assertThat(three.q()).isEqualTo(one.q());
        assertThat(three.map()).isEqualTo(one.map());
    }

    /**
     * A full-size image (480x360, more pixels than one softmax block per thread and grain boundaries that are not
     * multiples of the thread count's chunks) with the energy tracked: Q and every energy are the same bits on 1, 2
     * and 3 threads.
     */
    @Test
    void threadsDoNotChangeQOrTheEnergiesOnAFullSizeImage() {
        int w = 480;
        int h = 360;
        RgbImage img = TestImages.quadrants(w, h, 11, 40);
        Unary u = Unary.fromProbabilities(TestImages.noisyProbabilities(w, h, 12), 3, w * h);
        MeanFieldResult one = DenseCrf.forImage(img, 3, CrfParameters.pydensecrfExample(), 1).inference(u, 3, true);
        for (int threads = 2; threads <= 3; threads++) {
            MeanFieldResult more = DenseCrf.forImage(img, 3, CrfParameters.pydensecrfExample(), threads)
                    .inference(u, 3, true);
            assertThat(more.q()).as("%d threads", threads).isEqualTo(one.q());
            assertThat(more.energies()).as("%d threads", threads).isEqualTo(one.energies());
        }
    }

    @Test
    void pottsEqualsItsMatrixFormsAndTheTextbookForm() {
        RgbImage img = TestImages.quadrants(W, H, 5);
        Unary u = Unary.fromProbabilities(TestImages.noisyProbabilities(W, H, 6), 3, N);
        Features f = Features.bilateral(img, 10, 10, 20, 20, 20);
        MeanFieldResult potts = DenseCrf.builder(N, 3).addPairwise(f, LabelCompatibility.potts(4)).build()
                .inference(u, 5);
        float[][] reward = {{-4, 0, 0}, {0, -4, 0}, {0, 0, -4}};
        MeanFieldResult asMatrix = DenseCrf.builder(N, 3).addPairwise(f, LabelCompatibility.matrix(reward)).build()
                .inference(u, 5);
        assertThat(asMatrix.q()).isEqualTo(potts.q());
        float[][] penalty = {{0, 4, 4}, {4, 0, 4}, {4, 4, 0}};
        MeanFieldResult textbook = DenseCrf.builder(N, 3).addPairwise(f, LabelCompatibility.matrix(penalty)).build()
                .inference(u, 5);
        for (int i = 0; i < potts.q().length; i++) {
            assertThat(textbook.q()[i]).isCloseTo(potts.q()[i], within(1e-4f));
        }
    }

    @Test
    void matrixCompatibilityIsSymmetrised() {
        LabelCompatibility.Matrix m = (LabelCompatibility.Matrix) LabelCompatibility.matrix(
                new float[][] {{0, 2}, {6, 1}});
        assertThat(m.get(0, 1)).isEqualTo(4);
        assertThat(m.get(1, 0)).isEqualTo(4);
        assertThat(m.get(1, 1)).isEqualTo(1);
    }

    @Test
    void withoutPairwiseTermsQIsTheSoftmaxOfTheUnaryAndTheEnergyIsHandComputable() {
        // Two pixels, two labels: p = (0.8, 0.2) and (0.3, 0.7).
        Unary u = Unary.fromProbabilities(new float[] {0.8f, 0.3f, 0.2f, 0.7f}, 2, 2);
        MeanFieldResult r = DenseCrf.builder(2, 2).build().inference(u, 3, true);
        assertThat(r.q()).containsExactly(new float[] {0.8f, 0.3f, 0.2f, 0.7f}, within(1e-6f));
        assertThat(r.map()).containsExactly(0, 1);
        // F = sum Q log Q + sum U Q = sum p log p - sum p log p = 0 for Q = P.
        assertThat(r.energies()).hasSize(4);
        for (double e : r.energies()) {
            assertThat(e).isCloseTo(0, within(1e-6));
        }
    }

    /**
     * The softmax shifts a block of pixels by its largest logit; a pixel whose energies are all far above the
     * others' (here by 1000, beyond the exponential's range) is redone with its own maximum. Hand-computed: energies
     * (1000, 1001) give Q = (1, e^-1) / (1 + e^-1) = (0.7311, 0.2689); energies (0, 3) give (0.9526, 0.0474).
     */
    @Test
    void softmaxOfPixelsWithFarApartEnergies() {
        Unary u = Unary.fromEnergies(new float[] {1000, 0, 1001, 3}, 2, 2);
        MeanFieldResult r = DenseCrf.builder(2, 2).build().inference(u, 1);
        assertThat(r.q()).containsExactly(new float[] {0.7310586f, 0.95257413f, 0.26894142f, 0.047425874f},
                within(1e-6f));
    }

    /** The tracked free energy of the final Q against the same quantity with exact kernels. */
    @Test
    void trackedEnergyMatchesBruteForceEnergy() {
        RgbImage img = TestImages.quadrants(24, 20, 8);
        int n = 24 * 20;
        Unary u = Unary.fromProbabilities(TestImages.noisyProbabilities(24, 20, 9), 3, n);
        Features f = Features.bilateral(img, 8, 8, 20, 20, 20);
        MeanFieldResult r = DenseCrf.builder(n, 3).addPairwise(f, LabelCompatibility.potts(5)).build()
                .inference(u, 4, true);
        double[] q = new double[3 * n];
        float[] qp = pixelMajor(r.q(), 3, n);
        for (int i = 0; i < q.length; i++) {
            q[i] = qp[i];
        }
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        double[] norm = BruteForce.filter(f, ones, 1);
        double[] scaled = new double[3 * n];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < 3; l++) {
                scaled[i * 3 + l] = q[i * 3 + l] / Math.sqrt(norm[i]);
            }
        }
        double[] kq = BruteForce.filter(f, scaled, 3);
        double energy = 0;
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < 3; l++) {
                double ql = q[i * 3 + l];
                double message = -5 * kq[i * 3 + l] / Math.sqrt(norm[i]);
                energy += (ql > 0 ? ql * Math.log(ql) : 0) + u.energy(i, l) * ql + 0.5 * ql * message;
            }
        }
        double[] e = r.energies();
        assertThat(e).hasSize(5);
        assertThat(e[4]).isCloseTo(energy, within(0.01 * Math.abs(energy)));
        assertThat(e[4]).as("inference lowers the free energy").isLessThan(e[0]);
    }

    @Test
    void normalisationsMatchTheirExactDefinitions() {
        RgbImage img = TestImages.quadrants(20, 16, 1);
        int n = 320;
        Features f = Features.bilateral(img, 6, 6, 25, 25, 25);
        // One label, zero unary: the logit is -U + w * (normalised K Q) with Q = 1, so Q stays 1; use 2 labels with
        // Q_0 = 1 - Q_1 instead and read the message off the log-odds after one iteration.
        float[] p = new float[2 * n];
        for (int i = 0; i < n; i++) {
            p[i] = 0.2f + 0.6f * ((i * 37) % 11) / 10f;
            p[n + i] = 1 - p[i];
        }
        Unary u = Unary.fromProbabilities(p, 2, n);
        double[] q0 = new double[n];
        double[] ones = new double[n];
        for (int i = 0; i < n; i++) {
            q0[i] = p[i];
            ones[i] = 1;
        }
        double[] k1 = BruteForce.filter(f, ones, 1);
        double total = 0;
        for (double v : k1) {
            total += v;
        }
        for (Normalization norm : Normalization.values()) {
            MeanFieldResult r = DenseCrf.builder(n, 2).addPairwise(f, LabelCompatibility.potts(1), norm).build()
                    .inference(u, 1);
            double[] in = new double[n];
            double[] in1 = new double[n];
            for (int i = 0; i < n; i++) {
                double s = norm == Normalization.SYMMETRIC ? 1 / Math.sqrt(k1[i]) : norm == Normalization.BEFORE
                        ? 1 / k1[i] : 1;
                in[i] = q0[i] * s;
                in1[i] = (1 - q0[i]) * s;
            }
            double[] k0 = BruteForce.filter(f, in, 1);
            double[] kOther = BruteForce.filter(f, in1, 1);
            double worst = 0;
            for (int i = 0; i < n; i++) {
                double s = norm == Normalization.SYMMETRIC ? 1 / Math.sqrt(k1[i]) : norm == Normalization.AFTER
                        ? 1 / k1[i] : norm == Normalization.NONE ? n / total : 1;
                double expected = Math.log(p[i] / (1 - p[i])) + (k0[i] - kOther[i]) * s;
                double got = Math.log(r.q()[i] / r.q()[n + i]);
                worst = Math.max(worst, Math.abs(got - expected));
            }
            assertThat(worst).as("worst log-odds error, %s", norm).isLessThan(0.05);
        }
    }

    /** Allocation inside the loop would make 40 iterations allocate more than 10 (on one thread, measured). */
    @Test
    void theIterationLoopAllocatesNothing() {
        RgbImage img = TestImages.quadrants(W, H, 13);
        Unary u = Unary.fromProbabilities(TestImages.noisyProbabilities(W, H, 14), 3, N);
        DenseCrf crf = DenseCrf.forImage(img, 3, CrfParameters.deepLab(), 1);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int warm = 0; warm < 3; warm++) {
            crf.inference(u, 40);
        }
        long a0 = mx.getThreadAllocatedBytes(id);
        crf.inference(u, 10);
        long a1 = mx.getThreadAllocatedBytes(id);
        crf.inference(u, 40);
        long a2 = mx.getThreadAllocatedBytes(id);
        long perRun = a1 - a0;
        assertThat(perRun).as("one run allocates its O(N L) buffers").isGreaterThan(3L * N * 3 * 4);
        assertThat(Math.abs((a2 - a1) - perRun)).as("30 more iterations allocate (bytes)").isLessThan(1024);
    }

    @Test
    void rejectsMismatchedInputs() {
        DenseCrf crf = DenseCrf.builder(4, 2).build();
        assertThatThrownBy(() -> crf.inference(Unary.fromEnergies(new float[6], 2, 3), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pixels");
        assertThatThrownBy(() -> DenseCrf.builder(4, 2).addPairwise(Features.position(3, 1, 1, 1),
                LabelCompatibility.potts(1))).hasMessageContaining("features cover 3 pixels");
        assertThatThrownBy(() -> DenseCrf.builder(4, 2).addPairwise(Features.position(2, 2, 1, 1),
                LabelCompatibility.matrix(new float[3][3]))).hasMessageContaining("for 3 labels");
        assertThatThrownBy(() -> DenseCrf.builder(4, 0)).hasMessageContaining("at least one label");
    }
}

package org.seg4j.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.Locale;
import org.seg4j.data.loader.Batch;
import org.seg4j.nn.localize.WindowSampler;
import org.seg4j.nn.model.LocalizerNet;

/**
 * The localizer's training objective on windows drawn by a {@link WindowSampler}: mean cross-entropy of the class
 * logits over all windows, plus {@code boxWeight} times the box regression loss summed over the targets of each
 * positive window's class and averaged over positive windows. The box loss is smooth L1 (Fast R-CNN, Girshick, ICCV
 * 2015, eq. 3: {@code 0.5 d^2} for {@code |d| < 1}, else {@code |d| - 0.5}) or squared error ({@code 0.5 d^2}, the L2
 * loss OverFeat trains its regressor with). With {@code boxWeight = 0} only the classifier learns; with
 * {@code classWeight = 0} only the regressor, the option of training it on a frozen classifier.
 */
public final class LocalizationLoss implements StepObjective {
    /** Box regression loss. */
    public enum BoxLoss {
        SMOOTH_L1, MSE;

        /** {@code smooth-l1} or {@code mse}. */
        public static BoxLoss parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "smooth-l1" -> SMOOTH_L1;
                case "mse" -> MSE;
                default -> throw new IllegalArgumentException("box loss must be smooth-l1 or mse, got '" + text + "'");
            };
        }
    }

    private final WindowSampler sampler;
    private final long seed;
    private final BoxLoss boxLoss;
    private final double classWeight;
    private final double boxWeight;

    public LocalizationLoss(WindowSampler sampler, long seed, BoxLoss boxLoss, double classWeight, double boxWeight) {
        if (!(classWeight >= 0 && boxWeight >= 0 && classWeight + boxWeight > 0)) {
            throw new IllegalArgumentException("class and box loss weights must be non-negative, not both 0; got "
                    + classWeight + ", " + boxWeight);
        }
        this.sampler = sampler;
        this.seed = seed;
        this.boxLoss = boxLoss;
        this.classWeight = classWeight;
        this.boxWeight = boxWeight;
    }

    @Override
    public NDArray loss(Block block, ParameterStore store, Batch batch, NDManager scope, long step) {
        WindowSampler.Windows w = sampler.sample(batch, seed * 1_000_003L + step);
        if (w.count() == 0) {
            throw new IllegalStateException("no training window could be drawn from batch " + batch.ids());
        }
        int side = LocalizerNet.WINDOW;
        NDArray pixels = scope.create(FloatBuffer.wrap(w.pixels()), new Shape(w.count(), 3, side, side));
        NDList out = block.forward(store, new NDList(pixels), true);
        return of(out.get(0), out.get(1), w, scope);
    }

    /** The loss of class logits {@code [M, K]} and box outputs {@code [M, 4(K-1)]} against the windows' targets. */
    public NDArray of(NDArray logits, NDArray boxes, WindowSampler.Windows w, NDManager scope) {
        int m = w.count();
        int k = Math.toIntExact(logits.getShape().get(1));
        float[] oneHot = new float[m * k];
        int positives = 0;
        for (int i = 0; i < m; i++) {
            oneHot[i * k + w.classes()[i]] = 1;
            positives += w.classes()[i] > 0 ? 1 : 0;
        }
        NDArray target = scope.create(oneHot, new Shape(m, k));
        NDArray classLoss = logits.logSoftmax(1).mul(target).sum().neg().div(m);
        Shape boxShape = boxes.getShape();
        NDArray d = boxes.sub(scope.create(w.boxTargets(), boxShape)).abs();
        NDArray perTarget = switch (boxLoss) {
            case MSE -> d.square().mul(0.5f);
            case SMOOTH_L1 -> {
                NDArray small = d.minimum(1f);
                yield small.square().mul(0.5f).add(d.sub(small));
            }
        };
        NDArray boxLossValue = perTarget.mul(scope.create(w.boxMask(), boxShape)).sum().div(Math.max(1, positives));
        return classLoss.mul((float) classWeight).add(boxLossValue.mul((float) boxWeight));
    }
}

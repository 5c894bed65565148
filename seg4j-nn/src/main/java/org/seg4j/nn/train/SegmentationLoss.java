package org.seg4j.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.seg4j.data.loader.Batch;
import org.seg4j.nn.data.BatchArrays;
import org.seg4j.nn.loss.DiceLoss;
import org.seg4j.nn.loss.PixelCrossEntropyLoss;

/** The training objective: per-pixel cross-entropy (optionally class-weighted) plus {@code diceWeight} x soft Dice. */
public final class SegmentationLoss implements StepObjective {
    private final PixelCrossEntropyLoss crossEntropy;
    private final DiceLoss dice;
    private final double diceWeight;

    public SegmentationLoss(int ignoreIndex, float[] classWeights, double diceWeight) {
        this.crossEntropy = new PixelCrossEntropyLoss(ignoreIndex, classWeights);
        this.dice = diceWeight > 0 ? new DiceLoss(ignoreIndex) : null;
        this.diceWeight = diceWeight;
    }

    /** The batch's images through the network, the loss of its logits against the batch's labels. */
    @Override
    public NDArray loss(Block block, ParameterStore store, Batch batch, NDManager scope, long step) {
        NDList arrays = BatchArrays.toNDList(batch, scope);
        NDArray logits = block.forward(store, new NDList(arrays.get(0)), true).head();
        return of(logits, arrays.get(1));
    }

    /** The loss of NCHW logits against NHW labels. */
    public NDArray of(NDArray logits, NDArray labels) {
        NDArray loss = crossEntropy.evaluate(new NDList(labels), new NDList(logits));
        if (dice != null) {
            loss = loss.add(dice.evaluate(new NDList(labels), new NDList(logits)).mul(diceWeight));
        }
        return loss;
    }
}

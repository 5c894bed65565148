package org.seg4j.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.seg4j.data.loader.Batch;

/**
 * What one batch costs: turns a loader batch into network inputs and targets, runs the network in training mode and
 * returns the scalar loss to back-propagate. {@link SegmentationLoss} is the per-pixel objective; the localizer's
 * window objective draws windows from the batch's images.
 */
public interface StepObjective {
    /**
     * The loss of {@code batch} at optimizer step {@code step} (a seed for any random draw, so that a resumed run
     * repeats it). Every array is created on {@code scope}, which the caller closes after the backward pass.
     */
    NDArray loss(Block block, ParameterStore store, Batch batch, NDManager scope, long step);
}

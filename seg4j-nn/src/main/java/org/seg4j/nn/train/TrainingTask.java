package org.seg4j.nn.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.seg4j.label.LabelSpec;

/**
 * What a training run teaches and how it measures it: the network's classes, the per-batch objective, and the
 * validation whose score picks the best model. {@link SegmentationTask} is per-pixel labelling (score: mIoU); the
 * localization task ({@link LocalizationTask}) classifies and regresses windows (score: AP50).
 */
public interface TrainingTask {
    /** The classes the network outputs, in order, as the model file records them. */
    LabelSpec modelLabels();

    /** Adjusts a freshly built (and possibly initialised) network before training, e.g. freezes part of it. */
    default void prepare(Block block) {
    }

    /** The loss of one batch. */
    StepObjective objective();

    /** The resolution the model works at (the model card's input scale). */
    double inputScale();

    /** Evaluates the network (in inference mode) on the validation set. */
    Validated validate(Block block, NDManager manager);

    /**
     * @param score the figure the best model maximises
     * @param metrics the metrics logged and stored in the model card
     * @param record what {@code validation.json} holds (the metrics and any detail, e.g. a confusion matrix)
     */
    record Validated(double score, ObjectNode metrics, ObjectNode record) {
    }
}

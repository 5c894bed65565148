package org.seg4j.nn.train;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Receives what a training run does: the run log, the progress display and tests listen. Default: ignore. */
public interface TrainingListener {
    /** One optimizer step done. */
    record Step(long step, long totalSteps, int epoch, double loss, double learningRate, double imagesPerSecond,
            double dataWaitShare) {
    }

    default void onStart(long firstStep, long totalSteps) {
    }

    default void onStep(Step step) {
    }

    /** A validation finished; {@code metrics} holds at least pixelAccuracy, meanAccuracy, mIoU, fwIoU. */
    default void onValidation(long step, ObjectNode metrics, boolean best) {
    }

    default void onCheckpoint(long step, java.nio.file.Path file) {
    }

    default void onFinish(long step, String reason) {
    }
}

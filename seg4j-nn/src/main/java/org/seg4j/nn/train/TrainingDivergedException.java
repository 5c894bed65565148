package org.seg4j.nn.train;

/**
 * The loss of a step turned NaN or infinite: the run has diverged (typically a learning rate far too high), every
 * later step would only spread NaN through the weights, so training stops instead of saving them.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long step;

    TrainingDivergedException(long step, double loss, double learningRate) {
        super("training diverged: the loss is " + loss + " at step " + step + " (learning rate " + learningRate
                + ")");
        this.step = step;
    }

    /** The step (1-based, as logged) whose loss was not finite. */
    public long step() {
        return step;
    }
}

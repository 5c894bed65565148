package org.seg4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import org.seg4j.nn.train.TrainingListener;

/**
 * Shows a training run's progress: a terminal progress bar (steps done/total, rate, ETA, loss, learning rate,
 * images/s) when the output is a terminal, otherwise a plain line every {@code every} steps; validations and
 * checkpoints always get a line.
 */
final class TrainingProgress implements TrainingListener, AutoCloseable {
    private final PrintWriter out;
    private final boolean terminal;
    private final long every;
    private WorkProgress progress;

    TrainingProgress(PrintWriter out, boolean terminal, long every) {
        this.out = out;
        this.terminal = terminal;
        this.every = Math.max(1, every);
    }

    @Override
    public void onStart(long firstStep, long totalSteps) {
        progress = new WorkProgress(out, terminal, "train", firstStep, totalSteps, every);
        if (!terminal) {
            line("training from step %d to %d", firstStep, totalSteps);
        }
    }

    @Override
    public void onStep(Step s) {
        String figures = String.format(Locale.ROOT, "loss %.4f lr %.2e %.1f img/s", s.loss(), s.learningRate(),
                s.imagesPerSecond());
        if (terminal) {
            progress.stepTo(s.step(), figures);
        } else if (s.step() % every == 0 || s.step() == s.totalSteps()) {
            line("step %d/%d epoch %d %s (waiting for data %.0f%%)", s.step(), s.totalSteps(), s.epoch(), figures,
                    100 * s.dataWaitShare());
        }
    }

    @Override
    public void onValidation(long step, ObjectNode metrics, boolean best) {
        if (metrics.has("AP50")) {
            line("validation at step %d: AP50 %.4f, localization accuracy %.4f%s", step,
                    metrics.path("AP50").asDouble(Double.NaN),
                    metrics.path("localizationAccuracy").asDouble(Double.NaN), best ? " (best so far)" : "");
            return;
        }
        line("validation at step %d: mIoU %.4f, pixel accuracy %.4f, mean accuracy %.4f%s", step,
                metrics.path("mIoU").asDouble(Double.NaN), metrics.path("pixelAccuracy").asDouble(Double.NaN),
                metrics.path("meanAccuracy").asDouble(Double.NaN), best ? " (best so far)" : "");
    }

    @Override
    public void onCheckpoint(long step, java.nio.file.Path file) {
        if (!terminal) {
            line("checkpoint at step %d: %s", step, file);
        }
    }

    @Override
    public void onFinish(long step, String reason) {
        close();
        line("finished at step %d (%s)", step, reason);
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        if (progress != null) {
            progress.line(text);
        } else {
            out.println(text);
            out.flush();
        }
    }

    @Override
    public void close() {
        if (progress != null) {
            progress.close();
        }
    }
}

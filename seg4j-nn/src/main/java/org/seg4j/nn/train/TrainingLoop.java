package org.seg4j.nn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.seg4j.data.loader.Batch;
import org.seg4j.data.loader.PrefetchLoader;
import org.seg4j.nn.io.StateDictNames;

/**
 * The optimisation loop, for any {@link StepObjective}: per step, the gradients of {@code accumulate} batches are
 * summed (each loss divided by
 * {@code accumulate}), then every trainable parameter is updated at the schedule's learning rate. Each batch's arrays
 * live in their own NDManager scope, closed after its backward pass, so memory stays flat. Dropout is seeded per step
 * from (seed, step), so a resumed run draws the same masks as an uninterrupted one. A step whose loss is NaN or
 * infinite ends the loop with {@link TrainingDivergedException} before its update reaches the weights.
 */
public final class TrainingLoop {
    /** Where the loop stands: the next step to run, the epoch and the position inside it. */
    public record Position(long step, int epoch, int epochPosition) {
    }

    /** Called between steps; returns true to stop the loop early (e.g. early stopping). */
    public interface StepHook {
        boolean after(Position position);
    }

    private final Block block;
    private final StepObjective objective;
    private final ParameterOptimizer optimizer;
    private final LearningRateSchedule schedule;
    private final int accumulate;
    private final long seed;
    private final NDManager manager;
    private final List<TrainingListener> listeners;

    public TrainingLoop(Block block, StepObjective objective, ParameterOptimizer optimizer, LearningRateSchedule schedule,
            int accumulate, long seed, NDManager manager, List<TrainingListener> listeners) {
        this.block = block;
        this.objective = objective;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.accumulate = accumulate;
        this.seed = seed;
        this.manager = manager;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Runs steps from {@code start} until the schedule's total or until the hook says stop; returns where it ended.
     *
     * @throws TrainingDivergedException if a step's loss is not finite (the weights stay as before that step)
     */
    public Position run(PrefetchLoader loader, Position start, StepHook hook) {
        long total = schedule.totalSteps();
        listeners.forEach(l -> l.onStart(start.step(), total));
        ParameterStore store = new ParameterStore(manager, false);
        int epoch = start.epoch();
        PrefetchLoader.EpochBatches batches = loader.epoch(epoch, start.epochPosition());
        Position at = start;
        for (long step = start.step(); step < total; step++) {
            Engine.getInstance().setRandomSeed((int) (seed * 1_000_003L + step));
            double lr = schedule.at(step);
            long began = System.nanoTime();
            long waited = 0;
            double lossSum = 0;
            int images = 0;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                for (int a = 0; a < accumulate; a++) {
                    long w0 = System.nanoTime();
                    if (!batches.hasNext()) {
                        epoch++;
                        batches = loader.epoch(epoch);
                        if (!batches.hasNext()) {
                            throw new IllegalStateException("the training set yields no batch (all samples bad, "
                                    + "or fewer samples than one batch with drop-last)");
                        }
                    }
                    Batch batch = batches.next();
                    waited += System.nanoTime() - w0;
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray l = objective.loss(block, store, batch, scope, step * accumulate + a)
                                .div(accumulate);
                        gc.backward(l);
                        lossSum += l.getFloat() * accumulate;
                        images += batch.size();
                    }
                }
            }
            if (!Double.isFinite(lossSum)) {
                throw new TrainingDivergedException(step + 1, lossSum / accumulate, lr);
            }
            update(lr);
            double seconds = (System.nanoTime() - began) / 1e9;
            at = new Position(step + 1, epoch, batches.position());
            TrainingListener.Step report = new TrainingListener.Step(step + 1, total, epoch, lossSum / accumulate, lr,
                    images / seconds, waited / 1e9 / seconds);
            listeners.forEach(l -> l.onStep(report));
            if (hook.after(at)) {
                return at;
            }
        }
        return at;
    }

    private void update(double lr) {
        optimizer.beginStep();
        for (Map.Entry<String, Parameter> p : StateDictNames.parameters(block).entrySet()) {
            if (!p.getValue().requiresGradient() || !p.getValue().isInitialized()) {
                continue;
            }
            NDArray weight = p.getValue().getArray();
            try (NDArray grad = weight.getGradient()) {
                optimizer.update(p.getKey(), weight, grad, lr);
                grad.subi(grad);
            }
        }
    }
}

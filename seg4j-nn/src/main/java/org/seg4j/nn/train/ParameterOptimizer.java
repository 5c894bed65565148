package org.seg4j.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies {@link OptimizerConfig}'s update rule to named parameters and keeps the optimizer state (momentum buffers,
 * Adam moments, step count) as named arrays, so a checkpoint can save it and a resumed run continue exactly.
 * Updates run outside a gradient collector (grad mode off) and change the weights in place.
 */
public final class ParameterOptimizer implements AutoCloseable {
    private final OptimizerConfig config;
    private final NDManager stateManager;
    private final Map<String, NDArray> state = new LinkedHashMap<>();
    private long steps;

    public ParameterOptimizer(OptimizerConfig config, NDManager parent) {
        this.config = config;
        this.stateManager = parent.newSubManager();
    }

    public OptimizerConfig config() {
        return config;
    }

    /** Optimizer steps taken (Adam's t). */
    public long steps() {
        return steps;
    }

    /** Marks the start of an optimizer step: call once before the {@link #update} calls of that step. */
    public void beginStep() {
        steps++;
    }

    /** Updates one parameter in place with its gradient at learning rate {@code lr}. */
    public void update(String name, NDArray weight, NDArray grad, double lr) {
        if (steps == 0) {
            throw new IllegalStateException("beginStep() must be called before update()");
        }
        switch (config.kind()) {
            case "sgd" -> sgd(name, weight, grad, lr);
            default -> adam(name, weight, grad, lr, config.kind().equals("adamw"));
        }
    }

    private void sgd(String name, NDArray weight, NDArray grad, double lr) {
        NDArray g = config.weightDecay() == 0 ? grad : grad.add(weight.mul(config.weightDecay()));
        if (config.momentum() != 0) {
            NDArray buffer = state.get(name + ".momentum");
            if (buffer == null) {
                keep(name + ".momentum", g.duplicate());
                g = state.get(name + ".momentum");
            } else {
                buffer.muli(config.momentum()).addi(g);
                g = buffer;
            }
        }
        weight.subi(g.mul(lr));
    }

    private void adam(String name, NDArray weight, NDArray grad, double lr, boolean decoupled) {
        NDArray g = grad;
        if (decoupled) {
            weight.muli(1 - lr * config.weightDecay());
        } else if (config.weightDecay() != 0) {
            g = grad.add(weight.mul(config.weightDecay()));
        }
        NDArray m = state.computeIfAbsent(name + ".exp_avg", k -> zerosLike(weight));
        NDArray v = state.computeIfAbsent(name + ".exp_avg_sq", k -> zerosLike(weight));
        m.muli(config.beta1()).addi(g.mul(1 - config.beta1()));
        v.muli(config.beta2()).addi(g.mul(g).mul(1 - config.beta2()));
        double bias1 = 1 - Math.pow(config.beta1(), steps);
        double bias2 = 1 - Math.pow(config.beta2(), steps);
        NDArray denominator = v.div(bias2).sqrt().add(config.epsilon());
        weight.subi(m.div(denominator).mul(lr / bias1));
    }

    private NDArray zerosLike(NDArray like) {
        return stateManager.zeros(like.getShape(), like.getDataType());
    }

    private void keep(String key, NDArray array) {
        array.attach(stateManager);
        state.put(key, array);
    }

    /** The state arrays by name ({@code <param>.momentum}, {@code <param>.exp_avg}, {@code <param>.exp_avg_sq}). */
    public Map<String, NDArray> state() {
        return Map.copyOf(state);
    }

    /** Restores state saved from {@link #state()} and {@link #steps()} (copies the arrays). */
    public void restore(Map<String, NDArray> saved, long savedSteps) {
        state.values().forEach(NDArray::close);
        state.clear();
        for (Map.Entry<String, NDArray> e : saved.entrySet()) {
            keep(e.getKey(), e.getValue().duplicate());
        }
        steps = savedSteps;
    }

    @Override
    public void close() {
        stateManager.close();
    }
}

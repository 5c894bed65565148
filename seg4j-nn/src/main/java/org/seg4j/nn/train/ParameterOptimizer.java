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

    /**
     * Updates one parameter in place with its gradient at learning rate {@code lr}. The temporaries of the update live
     * in a scope of their own (the weight, gradient and state are attached to it for the update only), so nothing is
     * left behind in the weight's or the state's manager.
     */
    public void update(String name, NDArray weight, NDArray grad, double lr) {
        if (steps == 0) {
            throw new IllegalStateException("beginStep() must be called before update()");
        }
        try (NDManager scope = stateManager.newSubManager()) {
            weight.tempAttach(scope);
            grad.tempAttach(scope);
            switch (config.kind()) {
                case "sgd" -> sgd(name, weight, grad, lr, scope);
                default -> adam(name, weight, grad, lr, config.kind().equals("adamw"), scope);
            }
        }
    }

    private NDArray stateFor(String key, NDArray like, NDManager scope) {
        NDArray s = state.computeIfAbsent(key, k -> stateManager.zeros(like.getShape(), like.getDataType()));
        s.tempAttach(scope);
        return s;
    }

    private void sgd(String name, NDArray weight, NDArray grad, double lr, NDManager scope) {
        NDArray g = config.weightDecay() == 0 ? grad : grad.add(weight.mul(config.weightDecay()));
        if (config.momentum() != 0) {
            boolean first = !state.containsKey(name + ".momentum");
            NDArray buffer = stateFor(name + ".momentum", weight, scope);
            if (first) {
                buffer.addi(g);
            } else {
                buffer.muli(config.momentum()).addi(g);
            }
            g = buffer;
        }
        weight.subi(g.mul(lr));
    }

    private void adam(String name, NDArray weight, NDArray grad, double lr, boolean decoupled, NDManager scope) {
        NDArray g = grad;
        if (decoupled) {
            weight.muli(1 - lr * config.weightDecay());
        } else if (config.weightDecay() != 0) {
            g = grad.add(weight.mul(config.weightDecay()));
        }
        NDArray m = stateFor(name + ".exp_avg", weight, scope);
        NDArray v = stateFor(name + ".exp_avg_sq", weight, scope);
        m.muli(config.beta1()).addi(g.mul(1 - config.beta1()));
        v.muli(config.beta2()).addi(g.mul(g).mul(1 - config.beta2()));
        double bias1 = 1 - Math.pow(config.beta1(), steps);
        double bias2 = 1 - Math.pow(config.beta2(), steps);
        NDArray denominator = v.div(bias2).sqrt().add(config.epsilon());
        weight.subi(m.div(denominator).mul(lr / bias1));
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

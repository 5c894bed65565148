package org.seg4j.nn.layer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/**
 * Gradient check in float64: the autograd gradient of {@code L = sum(f(inputs) * r)} (r fixed, random) with respect to
 * every input, compared element by element with the central finite difference {@code (L(x + h) - L(x - h)) / 2h}.
 */
final class GradCheck {
    private GradCheck() {
    }

    static void check(NDManager manager, Function<NDList, NDArray> f, NDList inputs, double h, double tol) {
        NDList xs = new NDList();
        for (NDArray x : inputs) {
            // A fresh tensor: toType on a float64 array may return the same native tensor, whose gradient would
            // accumulate over checks.
            NDArray d = manager.create(x.toType(DataType.FLOAT64, false).toDoubleArray(), x.getShape());
            d.setRequiresGradient(true);
            xs.add(d);
        }
        NDArray r;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = f.apply(xs);
            manager.getEngine().setRandomSeed(11);
            r = manager.randomNormal(y.getShape()).toType(DataType.FLOAT64, false);
            gc.backward(y.mul(r).sum());
        }
        for (int which = 0; which < xs.size(); which++) {
            double[] analytic = xs.get(which).getGradient().toDoubleArray();
            double[] base = xs.get(which).toDoubleArray();
            double[] numeric = new double[base.length];
            for (int i = 0; i < base.length; i++) {
                numeric[i] = (loss(manager, f, xs, which, base, i, h, r) - loss(manager, f, xs, which, base, i, -h, r))
                        / (2 * h);
            }
            Fixtures.assertClose(analytic, numeric, tol);
        }
    }

    private static double loss(NDManager manager, Function<NDList, NDArray> f, NDList xs, int which, double[] base,
            int i, double h, NDArray r) {
        try (NDManager scope = manager.newSubManager()) {
            double[] moved = base.clone();
            moved[i] += h;
            NDList args = new NDList();
            for (int j = 0; j < xs.size(); j++) {
                args.add(j == which ? scope.create(moved, xs.get(j).getShape()) : xs.get(j).stopGradient());
            }
            return f.apply(args).mul(r).sum().getDouble();
        }
    }
}

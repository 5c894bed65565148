package org.seg4j.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The update rules against torch.optim trajectories (tools/reference/optimizers.py), in float64. */
class ParameterOptimizerTest {
    @Test
    void sgdWithMomentumAndWeightDecayFollowsTorch() throws Exception {
        follow("sgd", OptimizerConfig.sgd(0.9, 5e-4));
    }

    @Test
    void adamFollowsTorch() throws Exception {
        follow("adam", OptimizerConfig.adam(1e-2));
    }

    @Test
    void adamWFollowsTorch() throws Exception {
        follow("adamw", OptimizerConfig.adamW(1e-2));
    }

    private static void follow(String name, OptimizerConfig config) throws Exception {
        JsonNode ref;
        try (InputStream in = ParameterOptimizerTest.class.getResourceAsStream("/fixtures/train/optimizers.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        try (NDManager manager = NDManager.newBaseManager();
                ParameterOptimizer optimizer = new ParameterOptimizer(config, manager)) {
            NDArray w = manager.create(doubles(ref.get("w0")), new Shape(2, 3));
            for (int s = 0; s < ref.get("lrs").size(); s++) {
                NDArray g = manager.create(doubles(ref.get("grads").get(s)), new Shape(2, 3));
                optimizer.beginStep();
                optimizer.update("w", w, g, ref.get("lrs").get(s).asDouble());
                double[] expected = doubles(ref.get(name).get(s));
                double[] actual = w.toDoubleArray();
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual[i]).as("%s step %d [%d]", name, s, i).isCloseTo(expected[i], within(1e-12));
                }
            }
            // the state survives a save/restore round trip: a fresh optimizer continues identically
            Map<String, NDArray> saved = optimizer.state();
            try (ParameterOptimizer resumed = new ParameterOptimizer(config, manager)) {
                resumed.restore(saved, optimizer.steps());
                NDArray w2 = w.duplicate();
                NDArray g = manager.create(doubles(ref.get("grads").get(0)), new Shape(2, 3));
                optimizer.beginStep();
                optimizer.update("w", w, g, 0.01);
                resumed.beginStep();
                resumed.update("w", w2, g, 0.01);
                assertThat(w2.toDoubleArray()).containsExactly(w.toDoubleArray());
            }
        }
    }

    private static double[] doubles(JsonNode a) {
        return StreamSupport.stream(a.spliterator(), false).mapToDouble(JsonNode::asDouble).toArray();
    }
}

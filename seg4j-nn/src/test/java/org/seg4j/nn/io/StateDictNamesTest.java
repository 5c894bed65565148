package org.seg4j.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateDictNamesTest {
    @Test
    void nestedBlockWithBatchNormGivesPyTorchsKeysInOrder() throws IOException {
        // truth: list(BnNet().state_dict().keys()) from PyTorch, less the buffer DJL does not have
        List<String> pytorch = new ArrayList<>();
        new ObjectMapper().readTree(Fixtures.weights("bn_net_keys.json").toFile()).forEach(k -> pytorch.add(k.asText()));
        pytorch.remove("features.1.num_batches_tracked");
        try (NDManager manager = NDManager.newBaseManager()) {
            TestNets.BnNet net = TestNets.initialized(new TestNets.BnNet(2), manager, 3);
            assertThat(StateDictNames.keys(net)).containsExactlyElementsOf(pytorch);
            // and each key reaches the DJL parameter of that role
            assertThat(StateDictNames.parameters(net).get("features.1.running_var").getName()).isEqualTo("runningVar");
            assertThat(StateDictNames.parameters(net).get("features.0.weight").getArray().getShape())
                    .isEqualTo(new Shape(4, 3, 3, 3));
        }
    }

    @Test
    void sequentialChildrenAreNumberedFromZero() {
        assertThat(StateDictNames.keys(TestNets.tinySeg(3))).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
    }

    @Test
    void parameterNamesMapToPyTorchs() {
        assertThat(StateDictNames.parameterName("gamma")).isEqualTo("weight");
        assertThat(StateDictNames.parameterName("beta")).isEqualTo("bias");
        assertThat(StateDictNames.parameterName("runningMean")).isEqualTo("running_mean");
        assertThat(StateDictNames.parameterName("runningVar")).isEqualTo("running_var");
        assertThat(StateDictNames.parameterName("weight")).isEqualTo("weight");
    }

    @Test
    void twoChildrenWithTheSameNameAreAnError() {
        assertThatThrownBy(() -> StateDictNames.keys(new Twins())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'conv.weight'");
    }

    /** A block that wrongly names two children "conv". */
    private static final class Twins extends AbstractBlock {
        Twins() {
            addChildBlock("conv", TestNets.conv(2, 1, false));
            addChildBlock("conv", TestNets.conv(2, 1, false));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
            throw new UnsupportedOperationException("naming test only");
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }
}

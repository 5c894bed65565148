package org.seg4j.nn.localize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.seg4j.nn.model.LocalizerNet;

/** The convolutional heads against the fully connected network run on every crop (the 1e-5). */
class ConvolutionalLocalizerTest {
    @Test
    void everyPositionEqualsTheFullyConnectedNetworkOnItsCrop() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            LocalizerNet net = new LocalizerNet(3, 4, 16);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 94, 94));
            ParameterStore store = new ParameterStore(manager, false);
            // train-mode passes move the batch-norm statistics away from their defaults
            net.forward(store, new NDList(manager.randomNormal(new Shape(4, 3, 94, 94)).mul(2).add(0.5)), true);
            int h = 94 + 16 * 2 + 5;
            int w = 94 + 16 * 3 + 9;
            NDArray image = manager.randomNormal(new Shape(1, 3, h, w));
            NDList dense = new ConvolutionalLocalizer(net, manager).forward(image);
            int rows = ConvolutionalLocalizer.positions(h);
            int cols = ConvolutionalLocalizer.positions(w);
            assertThat(rows).isEqualTo(3);
            assertThat(cols).isEqualTo(4);
            assertThat(dense.get(0).getShape()).isEqualTo(new Shape(1, 3, rows, cols));
            assertThat(dense.get(1).getShape()).isEqualTo(new Shape(1, 8, rows, cols));
            double worst = 0;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    NDArray crop = image.get(new NDIndex(":, :, {}:{}, {}:{}", 16 * i, 16 * i + 94, 16 * j,
                            16 * j + 94));
                    NDList fc = net.forward(store, new NDList(crop), false);
                    float[] logits = fc.get(0).toFloatArray();
                    float[] boxes = fc.get(1).toFloatArray();
                    float[] denseLogits = dense.get(0).get(new NDIndex("0, :, {}, {}", i, j)).toFloatArray();
                    float[] denseBoxes = dense.get(1).get(new NDIndex("0, :, {}, {}", i, j)).toFloatArray();
                    for (int k = 0; k < logits.length; k++) {
                        worst = Math.max(worst, Math.abs(logits[k] - denseLogits[k]));
                    }
                    for (int k = 0; k < boxes.length; k++) {
                        worst = Math.max(worst, Math.abs(boxes[k] - denseBoxes[k]));
                    }
                }
            }
            assertThat(worst).isLessThan(1e-5);
        }
    }

    @Test
    void refusesImagesSmallerThanOneWindow() {
        try (NDManager manager = NDManager.newBaseManager()) {
            LocalizerNet net = new LocalizerNet(2, 2, 4);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 94, 94));
            ConvolutionalLocalizer conv = new ConvolutionalLocalizer(net, manager);
            assertThatThrownBy(() -> conv.forward(manager.zeros(new Shape(1, 3, 93, 200))))
                    .hasMessageContaining("at least 94");
            assertThat(ConvolutionalLocalizer.positions(93)).isZero();
            assertThat(ConvolutionalLocalizer.positions(94)).isEqualTo(1);
            assertThat(ConvolutionalLocalizer.positions(109)).isEqualTo(1);
            assertThat(ConvolutionalLocalizer.positions(110)).isEqualTo(2);
        }
    }
}

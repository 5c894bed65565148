package org.seg4j.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** U-Net sizes, options and parameter counts. */
class UNetTest {
    private final ModelRegistry registry = ModelRegistry.standard();

    /**
     * The paper's network (valid, transposed, 64..1024, one grey input channel, 2 classes): 31,030,658 parameters,
     * the count of tools/reference/unet.py and of the common PyTorch re-implementations, and by hand: levels
     * 37,568 + 221,440 + 885,248 + 3,539,968, bottom 14,157,824, expansive 9,176,576 + 2,294,528 + 573,824 + 143,552,
     * head 130. The other figures are the reference's for the same options.
     */
    @Test
    void fullSizeParameterCountsMatchTheReference() {
        assertThat(count(Map.of("padding", "valid"), 1)).isEqualTo(31_030_658L);
        assertThat(37_568L + 221_440 + 885_248 + 3_539_968 + 14_157_824 + 9_176_576 + 2_294_528 + 573_824 + 143_552 + 130)
                .isEqualTo(31_030_658L);
        assertThat(count(Map.of("padding", "valid"), 3)).isEqualTo(31_031_810L);
        assertThat(count(Map.of("up", "bilinear"), 1)).isEqualTo(34_512_258L);
        assertThat(count(Map.of("batch_norm", "true"), 1)).isEqualTo(31_036_546L);
    }

    private long count(Map<String, String> options, int inChannels) {
        return ParameterCount.of(registry.create("unet", new ModelArgs(2, inChannels, options)),
                new Shape(1, inChannels, 64, 64));
    }

    /** The arithmetic of UNetSizes against the paper (572 -> 388, 92 pixels per side) and hand-worked cases. */
    @Test
    void validSizes() {
        assertThat(UNetSizes.validOutputSize(572, 4)).isEqualTo(388);
        assertThat(UNetSizes.validLoss(4)).isEqualTo(184);
        // 100: b = ceil(160 / 16) = 10, O = 160 - 60 = 100, P = 284; 77: b = ceil(137 / 16) = 9, O = 84, P = 268.
        assertThat(UNetSizes.padding(100, 4, true)).containsExactly(92, 92);
        assertThat(UNetSizes.padding(77, 4, true)).containsExactly(92, 268 - 77 - 92);
        assertThat(UNetSizes.validOutputSize(284, 4)).isEqualTo(100);
        assertThat(UNetSizes.validOutputSize(268, 4)).isEqualTo(84);
        // 1 pixel: b = ceil(61 / 16) = 4, O = 64 - 60 = 4, P = 16 * 8 + 60 = 188.
        assertThat(UNetSizes.padding(1, 4, true)).containsExactly(92, 188 - 1 - 92);
        assertThat(UNetSizes.padding(37, 3, false)).containsExactly(0, 3);
        assertThat(UNetSizes.padding(40, 3, false)).containsExactly(0, 0);
        assertThatThrownBy(() -> UNetSizes.validOutputSize(573, 4)).hasMessage("input size 573 is not admitted by a"
                + " valid-padding U-Net of depth 4: it takes 2^D (b + 4) + 4 (2^D - 1) for b >= 1 (nearest: 572 or 588)");
        assertThatThrownBy(() -> UNetSizes.validOutputSize(100, 4)).hasMessageContaining("(nearest: 140)");
    }

    /** Running the networks: the paper's 572 -> 388 unpadded, and logits at the input size 100 x 77 both ways. */
    @Test
    void outputSizes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet valid = UNet.builder().setNumClasses(2).optBase(1).optPadding(UNet.Padding.VALID).build();
            valid.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 100, 77));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray core = valid.forwardUnpadded(store, new NDList(manager.ones(new Shape(1, 1, 572, 572))), false)
                    .singletonOrThrow();
            assertThat(core.getShape()).isEqualTo(new Shape(1, 2, 388, 388));
            NDArray x = manager.randomNormal(new Shape(1, 1, 100, 77));
            assertThat(valid.forward(store, new NDList(x), false).singletonOrThrow().getShape())
                    .isEqualTo(new Shape(1, 2, 100, 77));
            assertThatThrownBy(() -> valid.forwardUnpadded(store, new NDList(x), false))
                    .hasMessageContaining("input size 100 is not admitted");

            UNet same = UNet.builder().setNumClasses(3).optBase(1).build();
            same.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 100, 77));
            assertThat(same.forward(store, new NDList(x), false).singletonOrThrow().getShape())
                    .isEqualTo(new Shape(1, 3, 100, 77));
            assertThatThrownBy(() -> same.forwardUnpadded(store, new NDList(x), false))
                    .hasMessage("input size 100 is not admitted by a same-padding U-Net of depth 4: it takes multiples of 16");
        }
    }

    /** Drop-out acts in training mode only: with rate 0.5 two training passes differ, with rate 0 they equal eval. */
    @Test
    void dropoutOnlyWhenTraining() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(1, 1, 16, 16));
            ParameterStore store = new ParameterStore(manager, false);
            UNet dropped = UNet.builder().setNumClasses(2).optBase(4).optDepth(2).optDropout(0.5f).build();
            dropped.initialize(manager, DataType.FLOAT32, x.getShape());
            NDArray eval1 = dropped.forward(store, new NDList(x), false).singletonOrThrow();
            NDArray eval2 = dropped.forward(store, new NDList(x), false).singletonOrThrow();
            NDArray train = dropped.forward(store, new NDList(x), true).singletonOrThrow();
            assertThat(eval1.toFloatArray()).containsExactly(eval2.toFloatArray());
            assertThat(train.toFloatArray()).isNotEqualTo(eval1.toFloatArray());

            UNet plain = UNet.builder().setNumClasses(2).optBase(4).optDepth(2).build();
            plain.initialize(manager, DataType.FLOAT32, x.getShape());
            assertThat(plain.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray())
                    .containsExactly(plain.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray());
        }
    }

    @Test
    void optionsAreCheckedWithTheValidValues() {
        assertThatThrownBy(() -> registry.create("unet", ModelArgs.of(2).with("levels", "3")))
                .hasMessage("unknown option 'levels' for unet; valid options: base, batch_norm, depth, "
                        + "dropout, padding, up, width");
        assertThatThrownBy(() -> registry.create("unet", ModelArgs.of(2).with("padding", "full")))
                .hasMessage("option padding must be one of same, valid, got 'full'");
        assertThatThrownBy(() -> registry.create("unet", ModelArgs.of(2).with("up", "nearest")))
                .hasMessage("option up must be one of transposed, bilinear, got 'nearest'");
        assertThatThrownBy(() -> registry.create("unet", ModelArgs.of(2).with("batch_norm", "yes")))
                .hasMessage("option batch_norm must be true or false, got 'yes'");
        assertThatThrownBy(() -> registry.create("unet", ModelArgs.of(2).with("dropout", "1")))
                .hasMessage("dropout must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> registry.create("unet", ModelArgs.of(2).with("base", "0")))
                .hasMessage("option base must be a positive integer, got '0'");
        assertThatThrownBy(() -> registry.create("unet", ModelArgs.of(2).with("depth", "7")))
                .hasMessage("option depth must be one of [1, 2, 3, 4, 5, 6], got '7'");
    }

    /** width scales base: base 64 at width 1/16 is the base-4 network (counted by hand at depth 1, 1 class, grey). */
    @Test
    void widthScalesTheBase() {
        long byHand = (9 + 1) * 4 + (4 * 9 + 1) * 4 // enc1
                + (4 * 9 + 1) * 8 + (8 * 9 + 1) * 8 // center
                + 8 * 4 * 4 + 4 // up1 (2x2 transposed)
                + (8 * 9 + 1) * 4 + (4 * 9 + 1) * 4 // dec1
                + 4 + 1; // head
        ModelArgs args = new ModelArgs(1, 1, Map.of("width", "1/16", "depth", "1"));
        assertThat(ParameterCount.of(registry.create("unet", args), new Shape(1, 1, 8, 8))).isEqualTo(byHand);
    }
}

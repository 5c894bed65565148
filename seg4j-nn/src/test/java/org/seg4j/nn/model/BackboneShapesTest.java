package org.seg4j.nn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Feature map names, channels, strides and output sizes worked out by hand from the layer arithmetic. */
class BackboneShapesTest {
    @Test
    void vggFeaturesHalveAtEveryPool() {
        Backbone b = Vgg16.builder().buildBackbone("conv1", "pool1", "pool3", "pool4", "pool5");
        assertThat(b.features()).containsExactly(new FeatureSpec("conv1", 64, 1), new FeatureSpec("pool1", 64, 2),
                new FeatureSpec("pool3", 256, 8), new FeatureSpec("pool4", 512, 16), new FeatureSpec("pool5", 512, 32));
        assertThat(b.getOutputShapes(new Shape[] {new Shape(2, 3, 224, 224)})).containsExactly(new Shape(2, 64, 224, 224),
                new Shape(2, 64, 112, 112), new Shape(2, 256, 28, 28), new Shape(2, 512, 14, 14), new Shape(2, 512, 7, 7));
    }

    @Test
    void largeFovStopsStridingAfterPool3() {
        Backbone b = Vgg16.builder().optLargeFov(true).buildBackbone("pool3", "pool4", "conv5", "pool5");
        assertThat(b.features()).extracting(FeatureSpec::stride).containsExactly(8, 8, 8, 8);
        // 321 -> 160 -> 80 -> 40 (floor), then 3x3/1/1 pools and dilation-2 padding-2 convs keep 40
        assertThat(b.getOutputShapes(new Shape[] {new Shape(1, 3, 321, 321)})).extracting(s -> s.get(2))
                .containsExactly(40L, 40L, 40L, 40L);
    }

    @Test
    void fcnPaddingGivesCaffesSizes() {
        // FCN (Long et al.): a 500x500 image, conv1_1 pad 100 -> 698; ceil pools: 349, 175, 88, 44, 22.
        Backbone b = Vgg16.builder().optConv1Padding(100).optCeilMode(true).buildBackbone("pool3", "pool4", "pool5");
        assertThat(b.getOutputShapes(new Shape[] {new Shape(1, 3, 500, 500)})).extracting(s -> s.get(2))
                .containsExactly(88L, 44L, 22L);
    }

    @Test
    void resnetOutputStrides() {
        List<String> all = List.of("layer1", "layer2", "layer3", "layer4");
        String[] names = all.toArray(String[]::new);
        Shape[] in = {new Shape(1, 3, 224, 224)};
        Backbone os32 = ResNet.builder(50).buildBackbone(names);
        assertThat(os32.features()).containsExactly(new FeatureSpec("layer1", 256, 4), new FeatureSpec("layer2", 512, 8),
                new FeatureSpec("layer3", 1024, 16), new FeatureSpec("layer4", 2048, 32));
        assertThat(os32.getOutputShapes(in)).extracting(s -> s.get(2)).containsExactly(56L, 28L, 14L, 7L);
        Backbone os16 = ResNet.builder(101).optOutputStride(16).buildBackbone(names);
        assertThat(os16.features()).extracting(FeatureSpec::stride).containsExactly(4, 8, 16, 16);
        assertThat(os16.getOutputShapes(in)).extracting(s -> s.get(2)).containsExactly(56L, 28L, 14L, 14L);
        Backbone os8 = ResNet.builder(101).optOutputStride(8).buildBackbone(names);
        assertThat(os8.features()).extracting(FeatureSpec::stride).containsExactly(4, 8, 8, 8);
        assertThat(os8.getOutputShapes(in)).extracting(s -> s.get(2)).containsExactly(56L, 28L, 28L, 28L);
    }

    @Test
    void layersAfterTheLastRequestedFeatureAreDropped() {
        long upToLayer2 = ParameterCount.of(ResNet.builder(50).buildBackbone("layer2"), new Shape(1, 3, 32, 32));
        // conv1 + bn1 + layer1 + layer2 of ResNet-50, by hand: stem 9408 + 128; layer1 215,808; layer2 1,219,584
        assertThat(upToLayer2).isEqualTo(9408 + 128 + 215_808 + 1_219_584);
    }

    @Test
    void unknownOrRepeatedFeatureNamesAreRefused() {
        assertThatThrownBy(() -> Vgg16.builder().buildBackbone("fc7")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown feature map 'fc7'; available: conv1, pool1, conv2, pool2, conv3, pool3, "
                        + "conv4, pool4, conv5, pool5");
        assertThatThrownBy(() -> ResNet.builder(50).buildBackbone("layer4", "layer4"))
                .hasMessageStartingWith("repeated feature map 'layer4'");
        assertThatThrownBy(() -> ResNet.builder(50).buildBackbone()).hasMessageStartingWith("no feature maps requested");
        assertThatThrownBy(() -> ResNet.builder(34)).hasMessage("ResNet depth must be 50 or 101, got 34");
    }
}

package org.seg4j.onnx.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.seg4j.image.Normalization;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.io.ModelCard;
import org.seg4j.nn.model.ModelArgs;
import org.seg4j.nn.model.ModelRegistry;

/**
 * Every registered architecture (small widths), exported with random weights and run in ONNX Runtime on two input
 * sizes, against seg4j's own forward pass on the same input: max abs difference at most 1e-4.
 */
class OnnxExportParityTest {
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    /** Architecture, options, the two inputs [N, C, H, W] (the second tests the dynamic axes). */
    static Stream<Arguments> architectures() {
        long[] a = {1, 3, 37, 45};
        long[] b = {2, 3, 50, 33};
        return Stream.of(
                Arguments.of("fcn32s", Map.of("width", "0.0625"), a, b),
                Arguments.of("fcn16s", Map.of("width", "0.0625"), a, b),
                Arguments.of("fcn8s", Map.of("width", "0.0625"), a, b),
                Arguments.of("deeplab_largefov", Map.of("width", "0.0625"), a, b),
                Arguments.of("deeplabv2_vgg16", Map.of("width", "0.0625"), a, b),
                Arguments.of("deeplabv2_resnet101", Map.of("width", "0.0625"), a, b),
                Arguments.of("deeplabv2_resnet101", Map.of("width", "0.0625", "output_stride", "16"), a, b),
                Arguments.of("unet", Map.of("base", "4", "depth", "3"), a, b),
                Arguments.of("unet", Map.of("base", "4", "depth", "3", "up", "bilinear", "batch_norm", "true"), a, b),
                Arguments.of("unet", Map.of("base", "4", "depth", "2", "padding", "valid"), a, b),
                Arguments.of("segnet_basic", Map.of("width", "0.125"), a, b),
                Arguments.of("segnet", Map.of("width", "0.0625"), a, b),
                Arguments.of("vgg16", Map.of("width", "0.0625"), new long[] {1, 3, 64, 64}, new long[] {2, 3, 45, 70}),
                Arguments.of("vgg16_bn", Map.of("width", "0.0625"), new long[] {1, 3, 224, 224},
                        new long[] {1, 3, 100, 130}),
                Arguments.of("resnet50", Map.of("width", "0.0625"), new long[] {1, 3, 64, 64}, new long[] {2, 3, 45, 70}),
                Arguments.of("resnet101", Map.of("width", "0.0625"), new long[] {1, 3, 64, 64}, new long[] {2, 3, 45, 70}),
                Arguments.of("localizer", Map.of("width", "4", "hidden", "8"), new long[] {1, 3, 94, 94},
                        new long[] {3, 3, 94, 94}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("architectures")
    void onnxRuntimeReproducesSeg4j(String architecture, Map<String, String> options, long[] first, long[] second) {
        int classes = 5;
        Random random = new Random(17);
        Engine.getInstance().setRandomSeed(17); // DJL's initialisers and randomNormal
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ModelRegistry.standard().create(architecture, new ModelArgs(classes, 3, options));
            net.initialize(manager, DataType.FLOAT32, new Shape(first));
            randomizeStatistics(net, random);
            ModelCard card = new ModelCard(architecture, classes, 3, options, labels(classes), Normalization.imagenet(),
                    null);
            Path file = dir.resolve(architecture + ".onnx");
            OnnxExport.write(OnnxExport.export(net, card, "test"), file);
            for (long[] size : List.of(first, second)) {
                NDArray x = manager.randomNormal(new Shape(size));
                NDList expected = net.forward(new ParameterStore(manager, false), new NDList(x), false);
                List<float[]> actual = OnnxRuntimeRun.run(file, x);
                assertThat(actual).hasSize(expected.size());
                for (int i = 0; i < expected.size(); i++) {
                    float[] want = expected.get(i).toFloatArray();
                    double diff = maxAbsDifference(want, actual.get(i));
                    System.out.printf("parity %s %s input %s output %d: max |diff| %.3g, max |value| %.3g%n",
                            architecture, new TreeMap<>(options), new Shape(size), i, diff, maxAbs(want));
                    assertThat(diff).as("%s output %d on %s", architecture, i, new Shape(size)).isLessThanOrEqualTo(TOLERANCE);
                }
            }
        }
    }

    /** Batch-norm statistics and affine parameters, and biases, away from their 0/1 initial values (seeded). */
    static void randomizeStatistics(Block net, Random random) {
        for (Pair<String, Parameter> p : net.getParameters()) {
            String name = p.getKey();
            NDArray array = p.getValue().getArray();
            float[] values = new float[Math.toIntExact(array.size())];
            boolean variance = name.endsWith("runningVar");
            boolean gamma = name.endsWith("gamma");
            if (!variance && !gamma && !name.endsWith("runningMean") && !name.endsWith("beta") && !name.endsWith("bias")) {
                continue;
            }
            for (int i = 0; i < values.length; i++) {
                // gamma below 1 keeps the 100 layers of ResNet-101 from growing the logits past float32's 1e-4 steps
                values[i] = variance ? 0.5f + random.nextFloat() : gamma ? 0.2f + 0.4f * random.nextFloat()
                        : 0.2f * (float) random.nextGaussian();
            }
            array.set(values);
        }
    }

    static LabelSpec labels(int classes) {
        LabelSpec.Builder b = LabelSpec.builder("test");
        for (int c = 0; c < classes; c++) {
            b.addClass("c" + c, c * 0x101010);
        }
        return b.build();
    }

    static double maxAbsDifference(float[] a, float[] b) {
        assertThat(b).hasSameSizeAs(a);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double maxAbs(float[] a) {
        double max = 0;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}

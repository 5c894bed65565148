package org.seg4j.nn.localize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.seg4j.box.Box;
import org.seg4j.box.ScoredBox;
import org.seg4j.image.Normalization;
import org.seg4j.image.RgbImage;
import org.seg4j.nn.model.LocalizerNet;

/**
 * Window geometry and box decoding on a network whose heads ignore the image: zero weights, so every window scores
 * the last layers' biases (class 1 at probability 0.75; box targets 0, i.e. the window itself).
 */
class LocalizerTest {
    private static LocalizerNet constantNet(NDManager manager) {
        LocalizerNet net = new LocalizerNet(2, 2, 4);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 94, 94));
        for (Block head : List.of(net.classifier(), net.regressor())) {
            for (var child : head.getChildren()) {
                for (var p : child.getValue().getParameters()) {
                    Parameter parameter = p.getValue();
                    parameter.getArray().set(new float[Math.toIntExact(parameter.getArray().size())]);
                }
            }
        }
        net.classifier().getChildren().get(2).getValue().getParameters().get("bias").getArray()
                .set(new float[] {0, (float) Math.log(3)});
        return net;
    }

    private static Set<Box> expectedWindows(int width, int height, double fx, double fy) {
        Set<Box> boxes = new HashSet<>();
        int cols = ConvolutionalLocalizer.positions(Math.round(width * fx));
        int rows = ConvolutionalLocalizer.positions(Math.round(height * fy));
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double x1 = 16 * j / fx;
                double y1 = 16 * i / fy;
                boxes.add(new Box(x1, y1, Math.min(width, x1 + 94 / fx), Math.min(height, y1 + 94 / fy)));
            }
        }
        return boxes;
    }

    private static Set<Box> rounded(List<ScoredBox> boxes) {
        Set<Box> out = new HashSet<>();
        for (ScoredBox b : boxes) {
            assertThat(b.score()).isCloseTo(0.75, within(1e-6));
            assertThat(b.classId()).isEqualTo(1);
            out.add(new Box(round(b.box().x1()), round(b.box().y1()), round(b.box().x2()), round(b.box().y2())));
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    private static Set<Box> roundedBoxes(Set<Box> boxes) {
        Set<Box> out = new HashSet<>();
        boxes.forEach(b -> out.add(new Box(round(b.x1()), round(b.y1()), round(b.x2()), round(b.y2()))));
        return out;
    }

    @Test
    void everyWindowOfEveryScaleMapsBackToImageCoordinates() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ConvolutionalLocalizer conv = new ConvolutionalLocalizer(constantNet(manager), manager);
            RgbImage image = RgbImage.blank(126, 110);
            Localizer localizer = new Localizer(conv, Normalization.imagenet(), new Localizer.Options(
                    new double[] {1, 2, 0.5}, new double[] {1}, Localizer.Combination.NMS, 0.5, 0.99, 1000));
            Localizer.Result r = localizer.localize(image, manager);
            Set<Box> expected = new HashSet<>(expectedWindows(126, 110, 1, 1));
            expected.addAll(expectedWindows(126, 110, 2, 2));
            assertThat(r.windows()).hasSize(6 + 80);
            assertThat(rounded(r.windows())).isEqualTo(roundedBoxes(expected));
            // scale 0.5 is smaller than one window: skipped
            assertThat(r.maps()).extracting(Localizer.ScoreMap::scale).containsExactly(1.0, 2.0);
            assertThat(r.maps().get(0).cols()).isEqualTo(3);
            assertThat(r.maps().get(0).rows()).isEqualTo(2);
            assertThat(r.detections()).hasSize(86);
        }
    }

    @Test
    void anAspectRatioStretchesTheImageSoWindowsHaveThatShape() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ConvolutionalLocalizer conv = new ConvolutionalLocalizer(constantNet(manager), manager);
            RgbImage image = RgbImage.blank(300, 200);
            Localizer localizer = new Localizer(conv, Normalization.imagenet(), new Localizer.Options(
                    new double[] {1}, new double[] {1.6}, Localizer.Combination.MAX, 0.5, 0.5, 10));
            Localizer.Result r = localizer.localize(image, manager);
            double fx = Math.round(300 / Math.sqrt(1.6)) / 300.0;
            double fy = Math.round(200 * Math.sqrt(1.6)) / 200.0;
            assertThat(rounded(r.windows())).isEqualTo(roundedBoxes(expectedWindows(300, 200, fx, fy)));
            Box first = r.windows().get(0).box();
            assertThat(first.width() / first.height()).isCloseTo(1.6, within(0.01));
            // max keeps the single best box
            assertThat(r.detections()).hasSize(1);
        }
    }
}

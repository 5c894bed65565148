package org.seg4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seg4j.box.Box;
import org.seg4j.box.ConnectedComponents.Connectivity;
import org.seg4j.box.FloodFill;
import org.seg4j.box.ObjectBox;
import org.seg4j.image.LabelMap;
import org.seg4j.testing.SharedData;

class ComponentBoxDatasetTest {
    private static final int CAR = 8;
    private static final int MIN_AREA = 200;

    @Test
    void camvidCarBoxesAreTheComponentsAndBoundThemTightly() {
        Path root = SharedData.require("camvid");
        SegmentationDataset val = Datasets.open("camvid:" + root, DatasetOptions.split("val"));
        ComponentBoxDataset boxed = ComponentBoxDataset.forClasses(val, List.of("Car"), Connectivity.EIGHT,
                MIN_AREA);
        assertThat(boxed.size()).isEqualTo(101);
        int total = 0;
        for (int i = 0; i < 8; i++) {
            Sample s = boxed.load(i);
            LabelMap label = s.label();
            List<ObjectBox> boxes = s.boxes();
            // the naive flood fill's components of at least 200 px, in the same (raster) order
            List<Box> expected = FloodFill.regions(label, CAR, true).stream()
                    .filter(r -> r.pixels().size() >= MIN_AREA)
                    .map(r -> new Box(r.minX(), r.minY(), r.maxX() + 1, r.maxY() + 1)).toList();
            assertThat(boxes).extracting(ObjectBox::box).as(s.id()).containsExactlyElementsOf(expected);
            assertThat(boxes).allSatisfy(b -> {
                assertThat(b.classId()).isEqualTo(CAR);
                assertThat(b.difficult()).isFalse();
                assertTight(label, b.box());
            });
            // CamVid val is urban driving: a handful of cars per frame, not hundreds of fragments
            assertThat(boxes.size()).as(s.id()).isBetween(0, 20);
            total += boxes.size();
            if (i == 0) {
                System.out.println("CamVid val " + s.id() + ": " + label.histogram()[CAR] + " Car pixels, "
                        + boxes.size() + " components >= " + MIN_AREA + " px (8-connected): " + boxes);
            }
        }
        assertThat(total).as("Car components >= 200 px in the first 8 val images").isGreaterThan(4);
    }

    /**
     * The box is tight around car pixels and inside the image: integer edges, each of its four edge rows/columns
     * holds a car pixel, and it holds at least the minimum area in car pixels.
     */
    private static void assertTight(LabelMap label, Box box) {
        int x1 = (int) box.x1();
        int y1 = (int) box.y1();
        int x2 = (int) box.x2() - 1;
        int y2 = (int) box.y2() - 1;
        assertThat(new double[] {box.x1(), box.y1(), box.x2(), box.y2()})
                .containsExactly(x1, y1, x2 + 1, y2 + 1);
        assertThat(x1 >= 0 && y1 >= 0 && x2 < label.width() && y2 < label.height()).as(box.toString()).isTrue();
        boolean top = false;
        boolean bottom = false;
        boolean left = false;
        boolean right = false;
        int cars = 0;
        for (int y = y1; y <= y2; y++) {
            for (int x = x1; x <= x2; x++) {
                if (label.get(x, y) == CAR) {
                    cars++;
                    top |= y == y1;
                    bottom |= y == y2;
                    left |= x == x1;
                    right |= x == x2;
                }
            }
        }
        assertThat(new boolean[] {top, bottom, left, right}).as(box.toString()).containsOnly(true);
        assertThat(cars).isGreaterThanOrEqualTo(MIN_AREA);
    }

    @Test
    void unknownClassNameOrBadAreaIsRejected() {
        Path root = SharedData.require("camvid");
        SegmentationDataset val = Datasets.open("camvid:" + root, DatasetOptions.split("val"));
        assertThatThrownBy(() -> ComponentBoxDataset.forClasses(val, List.of("Truck"), Connectivity.FOUR, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no class 'Truck'");
        assertThatThrownBy(() -> new ComponentBoxDataset(val, List.of(CAR), Connectivity.FOUR, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}

package org.seg4j.box;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seg4j.box.ConnectedComponents.Component;
import org.seg4j.box.ConnectedComponents.Connectivity;
import org.seg4j.box.ConnectedComponents.Labelling;
import org.seg4j.image.LabelMap;

class ConnectedComponentsTest {
    private static LabelMap map(String... rows) {
        LabelMap m = LabelMap.filled(rows[0].length(), rows.length, 0);
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[y].length(); x++) {
                m.set(x, y, rows[y].charAt(x) - '0');
            }
        }
        return m;
    }

    @Test
    void diagonalNeighboursJoinOnlyWithEightConnectivity() {
        LabelMap m = map(
                "1000",
                "0100",
                "0011");
        assertThat(ConnectedComponents.find(m, 1, Connectivity.FOUR, 1)).containsExactly(
                new Component(1, 1, new Box(0, 0, 1, 1)), new Component(2, 1, new Box(1, 1, 2, 2)),
                new Component(3, 2, new Box(2, 2, 4, 3)));
        assertThat(ConnectedComponents.find(m, 1, Connectivity.EIGHT, 1))
                .containsExactly(new Component(1, 4, new Box(0, 0, 4, 3)));
    }

    @Test
    void shapesThatNeedMergingInTheSecondPass() {
        // a U and a W: their arms get separate labels in the first pass, joined lower down; 2 = another class
        LabelMap m = map(
                "1012101",
                "1012101",
                "1112111",
                "0002000");
        Labelling l = ConnectedComponents.label(m, 1, Connectivity.FOUR);
        assertThat(l.components()).containsExactly(new Component(1, 7, new Box(0, 0, 3, 3)),
                new Component(2, 7, new Box(4, 0, 7, 3)));
        assertThat(l.labels()[2 * 7 + 2]).isEqualTo(1);
        assertThat(l.labels()[7 + 6]).isEqualTo(2);
        assertThat(ConnectedComponents.find(m, 2, Connectivity.FOUR, 1))
                .containsExactly(new Component(1, 4, new Box(3, 0, 4, 4)));
        // minimum area
        assertThat(ConnectedComponents.find(m, 1, Connectivity.FOUR, 8)).isEmpty();
        assertThat(ConnectedComponents.find(m, 7, Connectivity.EIGHT, 1)).isEmpty();
    }

    @Test
    void matchesFloodFillOnRandomMaps() {
        Random rnd = new Random(17);
        for (int trial = 0; trial < 300; trial++) {
            int w = 1 + rnd.nextInt(40);
            int h = 1 + rnd.nextInt(40);
            double density = rnd.nextDouble();
            LabelMap m = LabelMap.filled(w, h, 0);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    m.set(x, y, rnd.nextDouble() < density ? 3 : rnd.nextInt(3));
                }
            }
            for (Connectivity c : Connectivity.values()) {
                Labelling l = ConnectedComponents.label(m, 3, c);
                List<FloodFill.Region> ref = FloodFill.regions(m, 3, c == Connectivity.EIGHT);
                assertThat(l.components()).hasSameSizeAs(ref);
                int[] expected = new int[w * h];
                for (int k = 0; k < ref.size(); k++) {
                    FloodFill.Region r = ref.get(k);
                    for (int p : r.pixels()) {
                        expected[p] = k + 1;
                    }
                    assertThat(l.components().get(k)).isEqualTo(new Component(k + 1, r.pixels().size(),
                            new Box(r.minX(), r.minY(), r.maxX() + 1, r.maxY() + 1)));
                }
                assertThat(l.labels()).containsExactly(expected);
            }
        }
    }
}

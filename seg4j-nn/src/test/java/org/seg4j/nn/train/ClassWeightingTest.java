package org.seg4j.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;

class ClassWeightingTest {
    @TempDir
    Path tmp;

    private TrainConfig read(String classWeights) throws Exception {
        Path f = tmp.resolve("c.json");
        Files.writeString(f, "{\"model\": {\"architecture\": \"unet\"}, \"data\": {\"train\": \"a:b\"}"
                + (classWeights == null ? "" : ", \"schedule\": {\"classWeights\": " + classWeights + "}") + "}");
        return TrainConfigFiles.read(f);
    }

    @Test
    void theThreeFormsBindToTheirTypes() throws Exception {
        assertThat(read(null).schedule().classWeights()).isEqualTo(new ClassWeighting.None());
        assertThat(read("\"none\"").schedule().classWeights()).isEqualTo(new ClassWeighting.None());
        assertThat(read("\"median-frequency\"").schedule().classWeights())
                .isEqualTo(new ClassWeighting.MedianFrequency());
        assertThat(read("[1, 0.5, 2e0]").schedule().classWeights())
                .isEqualTo(new ClassWeighting.Given(List.of(1.0, 0.5, 2.0)));
        assertThat(read("\"none\"").schedule().classWeights()).hasToString("none");
    }

    @Test
    void anythingElseNamesTheFileAndTheKey() {
        for (String bad : List.of("\"median\"", "3", "[1, \"x\"]", "{\"a\": 1}", "[1, -2]")) {
            assertThatThrownBy(() -> read(bad)).as(bad).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("c.json").hasMessageContaining("schedule.classWeights")
                    .hasMessageContaining("classWeights must be");
        }
    }
}

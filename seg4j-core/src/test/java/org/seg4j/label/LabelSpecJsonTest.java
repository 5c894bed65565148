package org.seg4j.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.image.LabelMap;

class LabelSpecJsonTest {
    @TempDir
    Path tmp;

    @Test
    void readsCustomSpecWithRemappedIds() throws Exception {
        Path f = tmp.resolve("roads.json");
        Files.writeString(f, """
                {"name": "roads", "ignoreIndex": 255, "ignoreIds": [0, 255],
                 "classes": [{"name": "road", "color": [128,64,128], "ids": [7, 9]},
                             {"name": "car", "color": [0,0,142], "ids": [26]}]}
                """);
        LabelSpec spec = LabelSpecJson.resolve(f.toString());
        assertThat(spec.numClasses()).isEqualTo(2);
        assertThat(spec.trainId(9)).isEqualTo(0);
        assertThat(spec.trainId(26)).isEqualTo(1);
        assertThat(spec.trainId(0)).isEqualTo(255);
        LabelMap mapped = spec.toTrainIds(new LabelMap(3, 1, new byte[] {7, 26, 0}), f);
        assertThat(mapped.data()).containsExactly(0, 1, (byte) 255);
        assertThatThrownBy(() -> spec.toTrainIds(new LabelMap(2, 1, new byte[] {7, 8}), Path.of("x.png")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("x.png").hasMessageContaining("label value 8 at (x=1, y=0)")
                .hasMessageContaining("0, 7, 9, 26, 255");
    }

    @Test
    void roundTripsEveryBuiltin() {
        for (String name : BuiltinLabelSpecs.names()) {
            LabelSpec spec = BuiltinLabelSpecs.byName(name);
            assertThat(LabelSpecJson.fromJson(LabelSpecJson.toJson(spec))).as(name).isEqualTo(spec);
        }
    }

    @Test
    void malformedJsonNamesFileAndLine() throws Exception {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, "{\"classes\": [\n{\"name\": \"a\",, }]}");
        assertThatThrownBy(() -> LabelSpecJson.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.json").hasMessageContaining("malformed JSON").hasMessageContaining("line 2");
    }

    @Test
    void invalidSpecsAreExplained() throws Exception {
        Path f = tmp.resolve("dup.json");
        Files.writeString(f, "{\"classes\": [{\"name\": \"a\", \"ids\": [1]}, {\"name\": \"b\", \"ids\": [1]}]}");
        assertThatThrownBy(() -> LabelSpecJson.read(f)).hasMessageContaining("dup.json")
                .hasMessageContaining("on-disk id 1 is mapped twice");
        Files.writeString(f, "{\"classes\": [{\"name\": \"a\", \"color\": [1,2]}]}");
        assertThatThrownBy(() -> LabelSpecJson.read(f)).hasMessageContaining("classes[0].color must be [r, g, b]");
        assertThatThrownBy(() -> LabelSpecJson.resolve("nope")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a built-in spec");
    }
}

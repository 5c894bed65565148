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

    /** Issue 13, item 11: a duplicate name made a class vanish from the metrics JSON; misspelt keys were ignored. */
    @Test
    void duplicateNamesAndUnknownKeysAreRefused() throws Exception {
        Path f = tmp.resolve("spec.json");
        Files.writeString(f, "{\"classes\": [{\"name\": \"road\"}, {\"name\": \"car\"}, {\"name\": \"Road\"}]}");
        assertThatThrownBy(() -> LabelSpecJson.read(f)).isInstanceOf(BadInputException.class)
                .hasMessage(f + ": invalid label spec: class name 'Road' is used twice (classes 0 and 2); metrics and "
                        + "lookups by name need distinct names");
        Files.writeString(f, "{\"ignore_index\": 0, \"classes\": [{\"name\": \"road\"}]}");
        assertThatThrownBy(() -> LabelSpecJson.read(f)).hasMessageContaining("unknown key 'ignore_index' in the label "
                + "spec (known keys: classes, ignoreColor, ignoreIds, ignoreIndex, name)");
        Files.writeString(f, "{\"classes\": [{\"name\": \"road\", \"colour\": [1, 2, 3]}]}");
        assertThatThrownBy(() -> LabelSpecJson.read(f)).hasMessageContaining("unknown key 'colour' in classes[0]");
    }

    @Test
    void deepNestingAndHugeFilesAreRefusedBeforeParsingThem() throws Exception {
        Path deep = tmp.resolve("deep.json");
        Files.writeString(deep, "{\"classes\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        assertThatThrownBy(() -> LabelSpecJson.read(deep)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("malformed JSON").hasMessageContaining("nesting depth");
        Path huge = tmp.resolve("huge.json");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(org.seg4j.io.JsonInput.MAX_SMALL_FILE_BYTES + 1);
        }
        assertThatThrownBy(() -> LabelSpecJson.read(huge)).hasMessage(huge + ": file is 16777217 bytes, more than "
                + "the limit of 16777216 for a label spec file");
    }
}


package org.seg4j.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;

class TrainConfigFilesTest {
    @TempDir
    Path tmp;

    private Path write(String name, String json) throws Exception {
        Path f = tmp.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, json);
        return f;
    }

    @Test
    void filesComposeInOrderAndTheOwnKeysWin() throws Exception {
        write("models/unet.json", "{\"model\": {\"architecture\": \"unet\", \"options\": {\"base\": \"64\"}}}");
        write("data/isbi.json", "{\"data\": {\"train\": \"folder:x\", \"crop\": [256, 256], \"batchSize\": 4}}");
        write("schedules/short.json", "{\"schedule\": {\"lr\": 0.1, \"steps\": 50}}");
        Path run = write("runs/isbi-unet.json", """
                {"extends": ["../models/unet.json", "../data/isbi.json", "../schedules/short.json"],
                 "model": {"options": {"base": "16"}}, "schedule": {"steps": 200}}
                """);
        TrainConfig c = TrainConfigFiles.read(run);
        assertThat(c.model().architecture()).isEqualTo("unet");
        assertThat(c.model().options()).isEqualTo(Map.of("base", "16"));
        assertThat(c.model().inChannels()).isEqualTo(3);
        assertThat(c.data().crop()).isEqualTo(List.of(256, 256));
        assertThat(c.data().batchSize()).isEqualTo(4);
        assertThat(c.schedule().lr()).isEqualTo(0.1);
        assertThat(c.schedule().steps()).isEqualTo(200L);
        assertThat(c.schedule().optimizer()).isEqualTo("sgd");
        assertThat(c.validation().every()).isEqualTo(500L);
        assertThat(c.validation().scale()).isEqualTo(1.0);
        assertThat(c.schedule().learningRate().at(100)).isEqualTo(0.1 * Math.pow(0.5, 0.9));
    }

    @Test
    void unknownKeysWrongTypesCyclesAndMissingFilesAreNamed() throws Exception {
        Path typo = write("typo.json", "{\"model\": {\"architecture\": \"unet\"}, \"data\": {\"train\": \"a:b\"},"
                + " \"schedule\": {\"learningRate\": 0.1}}");
        assertThatThrownBy(() -> TrainConfigFiles.read(typo)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("typo.json").hasMessageContaining("unknown key 'learningRate' at schedule");
        Path type = write("type.json", "{\"model\": {\"architecture\": \"unet\"}, \"data\": {\"train\": \"a:b\","
                + " \"batchSize\": \"eight\"}}");
        assertThatThrownBy(() -> TrainConfigFiles.read(type)).hasMessageContaining("type.json")
                .hasMessageContaining("wrong type at data.batchSize");
        Path missing = write("missing.json", "{\"data\": {\"train\": \"a:b\"}}");
        assertThatThrownBy(() -> TrainConfigFiles.read(missing)).hasMessageContaining("needs \"model\" and \"data\"");
        write("a.json", "{\"extends\": [\"b.json\"]}");
        Path b = write("b.json", "{\"extends\": [\"a.json\"]}");
        assertThatThrownBy(() -> TrainConfigFiles.read(b)).hasMessageContaining("cycle");
        Path dangling = write("d.json", "{\"extends\": [\"nope.json\"]}");
        assertThatThrownBy(() -> TrainConfigFiles.read(dangling)).hasMessageContaining("nope.json")
                .hasMessageContaining("config file does not exist");
        Path bad = write("bad.json", "{\"model\": \n{,}}");
        assertThatThrownBy(() -> TrainConfigFiles.read(bad)).hasMessageContaining("malformed JSON")
                .hasMessageContaining("line 2");
        Path accumulate = write("acc.json", "{\"model\": {\"architecture\": \"u\"}, \"data\": {\"train\": \"a:b\"},"
                + " \"schedule\": {\"accumulate\": 0}}");
        assertThatThrownBy(() -> TrainConfigFiles.read(accumulate)).hasMessageContaining("schedule.accumulate must be >= 1");
        Path scale = write("scale.json", "{\"model\": {\"architecture\": \"u\"}, \"data\": {\"train\": \"a:b\"},"
                + " \"validation\": {\"scale\": 0}}");
        assertThatThrownBy(() -> TrainConfigFiles.read(scale)).hasMessageContaining("scale.json")
                .hasMessageContaining("validation.scale must be in (0, 16], got 0.0");
    }

    /** Issue 13, item 11: Jackson turned 10.5 into 10 steps without a word. */
    @Test
    void fractionsWhereWholeNumbersBelongAreRefused() throws Exception {
        Path steps = write("steps.json", "{\"model\": {\"architecture\": \"u\"}, \"data\": {\"train\": \"a:b\"},"
                + " \"schedule\": {\"steps\": 10.5}}");
        assertThatThrownBy(() -> TrainConfigFiles.read(steps)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("steps.json").hasMessageContaining("wrong type at schedule.steps");
        Path batch = write("batch.json", "{\"model\": {\"architecture\": \"u\"}, \"data\": {\"train\": \"a:b\","
                + " \"batchSize\": 2.5}}");
        assertThatThrownBy(() -> TrainConfigFiles.read(batch)).hasMessageContaining("wrong type at data.batchSize");
    }

    /** Issue 13, item 8: a 4096 x 4096 crop took 12.6 GB; the crop of a batch is bounded by ForwardPassLimit. */
    @Test
    void aCropBeyondTheForwardPassLimitIsRefused() throws Exception {
        Path huge = write("huge.json", "{\"model\": {\"architecture\": \"u\"}, \"data\": {\"train\": \"a:b\","
                + " \"crop\": [4096, 4096], \"batchSize\": 1}}");
        assertThatThrownBy(() -> TrainConfigFiles.read(huge)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("huge.json").hasMessageContaining("data.crop [4096, 4096] with data.batchSize 1 "
                        + "would put 16777216 pixels through the network in one pass, more than the limit of")
                .hasMessageContaining("-Dseg4j.maxPassPixels=");
        // the repository's largest crop (Cityscapes, 769 x 769, batch 4) stays under the default on a 10 GB machine
        assertThat(4L * 769 * 769).isLessThan(10_000_000_000L / 4096);
        Path cityscapes = write("cityscapes.json", "{\"model\": {\"architecture\": \"u\"}, \"data\": {\"train\":"
                + " \"a:b\", \"crop\": [769, 769], \"batchSize\": 4}}");
        String before = System.setProperty("seg4j.maxPassPixels", String.valueOf(4L * 769 * 769));
        try {
            assertThat(TrainConfigFiles.read(cityscapes).data().crop()).containsExactly(769, 769);
            System.setProperty("seg4j.maxPassPixels", String.valueOf(4L * 769 * 769 - 1));
            assertThatThrownBy(() -> TrainConfigFiles.read(cityscapes)).hasMessageContaining("more than the limit of "
                    + (4L * 769 * 769 - 1) + "; raise it");
        } finally {
            if (before == null) {
                System.clearProperty("seg4j.maxPassPixels");
            } else {
                System.setProperty("seg4j.maxPassPixels", before);
            }
        }
    }
}


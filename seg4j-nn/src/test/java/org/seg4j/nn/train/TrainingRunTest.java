package org.seg4j.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.data.Sample;
import org.seg4j.image.ImageFiles;
import org.seg4j.nn.io.ModelFile;
import org.seg4j.nn.model.ArchitectureFactory;
import org.seg4j.nn.model.ModelArgs;
import org.seg4j.nn.model.ModelRegistry;

class TrainingRunTest {
    @TempDir
    Path tmp;

    private static ModelRegistry registry() {
        return new ModelRegistry().register(new ArchitectureFactory() {
            @Override
            public String name() {
                return "tiny";
            }

            @Override
            public String description() {
                return "3x3 conv, ReLU, 1x1 conv";
            }

            @Override
            public Block create(ModelArgs args) {
                return TrainingLoopTest.tinyNet();
            }
        });
    }

    private Path writeData() {
        Path dir = tmp.resolve("data");
        TrainingLoopTest.RedOverGreen ds = new TrainingLoopTest.RedOverGreen(24, 4);
        for (int i = 0; i < ds.size(); i++) {
            Sample s = ds.load(i);
            ImageFiles.writeRgb(dir.resolve("image/" + i + ".png"), s.image());
            ImageFiles.writeGreyPng(dir.resolve("label/" + i + ".png"), s.label());
        }
        return dir;
    }

    private Path writeConfig(Path data) throws Exception {
        Path config = tmp.resolve("tiny.json");
        Files.writeString(config, """
                {"model": {"architecture": "tiny"},
                 "data": {"train": "folder:%s", "trainSplit": "[0:20]", "val": "folder:%s", "valSplit": "[20:]",
                          "batchSize": 4, "workers": 2, "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25]},
                 "schedule": {"optimizer": "adam", "lr": 0.02, "weightDecay": 0, "steps": 30, "seed": 3},
                 "validation": {"every": 10, "checkpointEvery": 10}}
                """.formatted(data, data));
        return config;
    }

    @Test
    void aRunWritesItsFilesAndAKilledRunResumesToTheSameModel() throws Exception {
        Path data = writeData();
        Path config = writeConfig(data);
        Path straight = TrainingRun.create(config, tmp.resolve("straight"), registry(), List.of()).run();

        TrainingListener crash = new TrainingListener() {
            @Override
            public void onStep(Step s) {
                if (s.step() == 17) {
                    throw new IllegalStateException("simulated crash at step 17");
                }
            }
        };
        Path runDir = tmp.resolve("crashed");
        assertThatThrownBy(() -> TrainingRun.create(config, runDir, registry(), List.of(crash)).run())
                .hasMessageContaining("simulated crash");
        assertThat(runDir.resolve(TrainingRun.CHECKPOINT)).exists();
        assertThatThrownBy(() -> TrainingRun.create(config, runDir, registry(), List.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("already holds a training run");
        Path resumed = TrainingRun.resume(runDir, registry(), List.of()).run();

        try (NDManager m = NDManager.newBaseManager()) {
            float[] a = ModelFile.read(straight).weights().tensor("0.weight").toFloats();
            float[] b = ModelFile.read(resumed).weights().tensor("0.weight").toFloats();
            assertThat(b).containsExactly(a);
        }
        List<JsonNode> log = Files.readAllLines(runDir.resolve(TrainingRun.LOG)).stream().map(l -> {
            try {
                return new ObjectMapper().readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(log.stream().filter(l -> l.get("event").asText().equals("start")).map(l -> l.get("step").asLong()))
                .containsExactly(0L, 10L);
        assertThat(log.stream().filter(l -> l.get("event").asText().equals("validation")).count())
                .isEqualTo(3); // 10 before the crash, 20 and 30 after
        assertThat(log.get(log.size() - 1).get("event").asText()).isEqualTo("finish");
        JsonNode validation = new ObjectMapper().readTree(runDir.resolve(TrainingRun.VALIDATION).toFile());
        assertThat(validation.get("step").asLong()).isEqualTo(30);
        assertThat(validation.get("mIoU").asDouble()).isGreaterThan(0.8);
        ModelFile best = ModelFile.read(runDir.resolve(TrainingRun.BEST));
        assertThat(best.card().architecture()).isEqualTo("tiny");
        assertThat(best.card().labels().name()).isEqualTo("binary");
        assertThat(best.card().provenance().metrics().get("mIoU").asDouble()).isGreaterThan(0.5);
    }

    @Test
    void aCorruptCheckpointIsReportedOnResume() throws Exception {
        Path data = writeData();
        Path config = writeConfig(data);
        Path runDir = tmp.resolve("run");
        TrainingRun.create(config, runDir, registry(), List.of()).run();
        byte[] bytes = Files.readAllBytes(runDir.resolve(TrainingRun.CHECKPOINT));
        Files.write(runDir.resolve(TrainingRun.CHECKPOINT), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> TrainingRun.resume(runDir, registry(), List.of()).run())
                .isInstanceOf(BadInputException.class).hasMessageContaining(TrainingRun.CHECKPOINT);
    }
}

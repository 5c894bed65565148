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
import org.seg4j.nn.io.Safetensors;
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

    /** Runs to the end and releases the run directory. */
    static Path train(TrainingRun run) {
        try (run) {
            return run.run().model();
        }
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
        return writeConfig("folder:" + data, "tiny", 0.02);
    }

    private Path writeConfig(String data, String architecture, double lr) throws Exception {
        Path config = tmp.resolve("tiny.json");
        Files.writeString(config, """
                {"model": {"architecture": "%s"},
                 "data": {"train": "%s", "trainSplit": "[0:20]", "val": "%s", "valSplit": "[20:]",
                          "batchSize": 4, "workers": 2, "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25]},
                 "schedule": {"optimizer": "adam", "lr": %s, "weightDecay": 0, "steps": 30, "seed": 3},
                 "validation": {"every": 10, "checkpointEvery": 10}}
                """.formatted(architecture, data, data, lr));
        return config;
    }

    @Test
    void aRunWritesItsFilesAndAKilledRunResumesToTheSameModel() throws Exception {
        Path data = writeData();
        Path config = writeConfig(data);
        Path straight = train(TrainingRun.create(config, tmp.resolve("straight"), registry(), List.of()));

        TrainingListener crash = new TrainingListener() {
            @Override
            public void onStep(Step s) {
                if (s.step() == 17) {
                    throw new IllegalStateException("simulated crash at step 17");
                }
            }
        };
        Path runDir = tmp.resolve("crashed");
        assertThatThrownBy(() -> train(TrainingRun.create(config, runDir, registry(), List.of(crash))))
                .hasMessageContaining("simulated crash");
        assertThat(runDir.resolve(TrainingRun.CHECKPOINT)).exists();
        assertThatThrownBy(() -> TrainingRun.create(config, runDir, registry(), List.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("already holds a training run");
        Path resumed = train(TrainingRun.resume(runDir, registry(), List.of()));

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
        train(TrainingRun.create(config, runDir, registry(), List.of()));
        byte[] bytes = Files.readAllBytes(runDir.resolve(TrainingRun.CHECKPOINT));
        Files.write(runDir.resolve(TrainingRun.CHECKPOINT), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> train(TrainingRun.resume(runDir, registry(), List.of())))
                .isInstanceOf(BadInputException.class).hasMessageContaining(TrainingRun.CHECKPOINT);
    }

    /** Issue 13: two trainings into one directory both ran, and a resume while the run went on also ran. */
    @Test
    void aRunDirectoryInUseIsRefusedUntilItsRunCloses() throws Exception {
        Path config = writeConfig(writeData());
        Path runDir = tmp.resolve("run");
        try (TrainingRun first = TrainingRun.create(config, runDir, registry(), List.of())) {
            assertThat(first.directory()).isEqualTo(runDir);
            assertThatThrownBy(() -> TrainingRun.resume(runDir, registry(), List.of()))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage(runDir + ": another seg4j process is training in this run directory; wait for it to "
                            + "end (or stop it) before starting or resuming a run here");
            assertThatThrownBy(() -> TrainingRun.create(config, runDir, registry(), List.of()))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("another seg4j process");
        }
        try (TrainingRun resumed = TrainingRun.resume(runDir, registry(), List.of())) {
            assertThat(resumed.config().schedule().steps()).isEqualTo(30L);
        }
    }

    /** Issue 13: a config rejected after the run directory was created left it behind and blocked the retry. */
    @Test
    void aRejectedConfigLeavesNoRunDirectory() throws Exception {
        Path runDir = tmp.resolve("run");
        Path missingData = writeConfig("folder:" + tmp.resolve("no-such-data"), "tiny", 0.02);
        assertThatThrownBy(() -> TrainingRun.create(missingData, runDir, registry(), List.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no-such-data");
        assertThat(runDir).doesNotExist();
        Path unknownModel = writeConfig("folder:" + writeData(), "no-such-net", 0.02);
        assertThatThrownBy(() -> TrainingRun.create(unknownModel, runDir, registry(), List.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining(unknownModel.toString())
                .hasMessageContaining("no-such-net");
        assertThat(runDir).doesNotExist();
    }

    /**
     * Issue 13: with lr 1e308 the loss was NaN from step 10, training exited normally and wrote NaN weights to
     * best.seg4j and final.seg4j.
     */
    @Test
    void aDivergedRunStopsWithAnErrorAndWritesNoNonFiniteWeights() throws Exception {
        Path config = writeConfig("folder:" + writeData(), "tiny", 1e308);
        Path runDir = tmp.resolve("run");
        assertThatThrownBy(() -> train(TrainingRun.create(config, runDir, registry(), List.of())))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith(runDir.resolve(TrainingRun.CONFIG)
                        + ": ")
                .hasMessageMatching(".*(training diverged: the loss is (NaN|Infinity) at step \\d+|tensor '.*' holds "
                        + "(NaN|-?Infinity) at index \\d+).*")
                .hasMessageContaining("lower schedule.lr");
        assertThat(runDir.resolve(TrainingRun.FINAL)).doesNotExist();
        for (String file : new String[] {TrainingRun.BEST, TrainingRun.CHECKPOINT}) {
            if (Files.exists(runDir.resolve(file))) {
                Safetensors saved = Safetensors.read(runDir.resolve(file));
                for (String name : saved.names()) {
                    for (float v : saved.tensor(name).toFloats()) {
                        assertThat(Float.isFinite(v)).as("%s %s", file, name).isTrue();
                    }
                }
            }
        }
    }

    /**
     * Issue 13: temporary files of killed writes were never removed, and log.jsonl repeated the steps a killed run
     * had logged past its checkpoint; relative data paths only worked from the directory the run was started in.
     */
    @Test
    void aResumedRunCleansTemporaryFilesRecordsAbsolutePathsAndLogsEveryStepOnce() throws Exception {
        Path data = writeData();
        Path relative = Path.of("").toAbsolutePath().relativize(data.toAbsolutePath());
        Path config = writeConfig("folder:" + relative, "tiny", 0.02);
        Path runDir = tmp.resolve("run");
        TrainingListener crash = new TrainingListener() {
            @Override
            public void onStep(Step s) {
                if (s.step() == 25) {
                    throw new IllegalStateException("simulated crash at step 25");
                }
            }
        };
        assertThatThrownBy(() -> train(TrainingRun.create(config, runDir, registry(), List.of(crash))))
                .hasMessageContaining("simulated crash");
        JsonNode recorded = new ObjectMapper().readTree(runDir.resolve(TrainingRun.CONFIG).toFile());
        assertThat(recorded.at("/data/train").asText()).isEqualTo("folder:" + data.toAbsolutePath().normalize());
        // what a kill during a write leaves, and log lines past the checkpoint (step 20) as a killed run leaves them
        Path orphan = Files.writeString(runDir.resolve("." + TrainingRun.CHECKPOINT + "123.tmp"), "partial");
        Files.writeString(runDir.resolve(TrainingRun.LOG), "{\"event\":\"step\",\"step\":24}\n{\"event\":\"st",
                java.nio.file.StandardOpenOption.APPEND);
        train(TrainingRun.resume(runDir, registry(), List.of()));
        assertThat(orphan).doesNotExist();
        List<Long> steps = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve(TrainingRun.LOG))) {
            JsonNode json = new ObjectMapper().readTree(line);
            if (!json.get("event").asText().equals("start")) {
                steps.add(json.get("step").asLong());
            }
        }
        assertThat(steps).as("steps never go back").isSorted();
        assertThat(steps.stream().filter(s -> s == 24)).isEmpty();
    }
}

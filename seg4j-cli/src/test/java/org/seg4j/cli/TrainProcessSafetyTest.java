package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.nn.io.Safetensors;
import org.seg4j.nn.train.TrainingRun;

/**
 * Issue 13: training as separate {@code seg4j} processes (the built classes, forked), killed and stopped the ways a
 * machine kills them. The truth is an uninterrupted run of the same config: whatever happens in between, the final
 * weights must equal it bit for bit. The model is a small U-Net whose checkpoint (about 1.3 MB with Adam's moments)
 * takes long enough to write that a kill sent when its temporary file appears lands in the middle of the write.
 * The data path in the config is relative and the runs are resumed from another working directory. libtorch runs on
 * one thread in each process, so the forks do not compete for the cores (and every fork computes alike).
 */
@EnabledOnOs(OS.LINUX)
class TrainProcessSafetyTest {
    private static final int STEPS = 24;
    private static final Pattern STEP = Pattern.compile("step (\\d+)/" + STEPS);
    private static final long TIMEOUT_SECONDS = 300;

    @TempDir
    static Path tmp;
    static Path work;
    static Path elsewhere;
    static Path reference;

    @BeforeAll
    static void trainTheReference() throws Exception {
        work = Files.createDirectories(tmp.resolve("work"));
        elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        SquareImages.write(work.resolve("squares"), 9, 32, 32, 10, 14, 5);
        Files.writeString(work.resolve("tiny.json"), """
                {"model": {"architecture": "unet", "options": {"base": "16", "depth": "2", "batch_norm": "true"}},
                 "data": {"train": "folder:squares", "trainSplit": "[0:6]", "val": "folder:squares", "valSplit": "[6:]",
                          "batchSize": 2, "workers": 1, "mean": [0.5, 0.5, 0.5], "std": [0.3, 0.3, 0.3]},
                 "schedule": {"optimizer": "adam", "lr": 0.01, "weightDecay": 0, "steps": %d, "seed": 4},
                 "validation": {"every": 8, "checkpointEvery": 1}}
                """.formatted(STEPS));
        Path run = tmp.resolve("reference");
        Forked straight = Forked.start(work, List.of(), "train", "--config", "tiny.json", "--run-dir", run.toString(),
                "--log-every", "1");
        assertThat(straight.waitFor()).as(straight.output()).isZero();
        reference = run.resolve(TrainingRun.FINAL);
    }

    @Test
    void killedAtARandomStepAndDuringACheckpointWriteResumesToTheSameWeights() throws Exception {
        Random random = new Random();
        int killAt = 2 + random.nextInt(STEPS / 2);
        Path run = tmp.resolve("killed");
        Forked first = Forked.start(work, List.of(), "train", "--config", "tiny.json", "--run-dir", run.toString(),
                "--log-every", "1");
        first.awaitStep(killAt);
        first.kill();
        int killedAfter = first.lastStep();

        Forked second = Forked.start(elsewhere, List.of(), "train", "--resume", run.toString(), "--log-every", "1");
        Path partial = awaitTemporaryFile(run, second);
        second.kill();
        assertThat(partial).as("the kill landed while %s was being written", partial).exists();

        Forked last = Forked.start(elsewhere, List.of(), "train", "--resume", run.toString(), "--log-every", "1");
        assertThat(last.waitFor()).as(last.output()).isZero();
        assertSameWeights(run.resolve(TrainingRun.FINAL), "killed at step " + killedAfter + " and mid-write");
        assertThat(temporaryFiles(run)).as("orphaned temporary files are removed on resume").isEmpty();
        List<Long> loggedSteps = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve(TrainingRun.LOG))) {
            JsonNode json = new ObjectMapper().readTree(line);
            if (json.get("event").asText().equals("step")) {
                loggedSteps.add(json.get("step").asLong());
            }
        }
        assertThat(loggedSteps).as("every logged step once, in order").containsExactly(10L, 20L, (long) STEPS);
    }

    @Test
    void sigtermStopsAfterTheStepALockRefusesOthersAndAFullDiskKeepsTheCheckpoint() throws Exception {
        Path run = tmp.resolve("stopped");
        Forked training = Forked.start(work, List.of(), "train", "--config", "tiny.json", "--run-dir",
                run.toString(), "--log-every", "1");
        training.awaitStep(3);
        training.signal("STOP"); // paused (holding its lock) while two other processes try the directory

        Forked resume = Forked.start(elsewhere, List.of(), "train", "--resume", run.toString());
        assertThat(resume.waitFor()).as(resume.output()).isEqualTo(2);
        assertThat(resume.output()).contains("another seg4j process is training in this run directory")
                .doesNotContain("Exception");
        Forked again = Forked.start(work, List.of(), "train", "--config", "tiny.json", "--run-dir", run.toString());
        assertThat(again.waitFor()).as(again.output()).isEqualTo(2);
        assertThat(again.output()).contains("another seg4j process is training in this run directory");

        training.signal("CONT");
        training.signal("TERM");
        assertThat(training.waitFor()).as(training.output()).isEqualTo(143);
        Matcher stopped = Pattern.compile("stopped at step (\\d+) on a termination signal").matcher(training.output());
        assertThat(stopped.find()).as(training.output()).isTrue();
        long stoppedAt = Long.parseLong(stopped.group(1));
        assertThat(checkpointStep(run)).isEqualTo(stoppedAt);
        assertThat(temporaryFiles(run)).isEmpty();
        assertThat(run.resolve(TrainingRun.FINAL)).doesNotExist();

        // a disk that takes no file larger than the best model: the next checkpoint cannot be written
        byte[] checkpoint = Files.readAllBytes(run.resolve(TrainingRun.CHECKPOINT));
        long limitKib = (Files.size(reference) + checkpoint.length) / 2 / 1024;
        Forked full = Forked.start(elsewhere, List.of("ulimit", "-f", "" + limitKib), "train", "--resume",
                run.toString());
        assertThat(full.waitFor()).as(full.output()).isEqualTo(2);
        assertThat(full.errorLines()).as(full.output()).hasSize(1);
        assertThat(full.output()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(full.errorLines().get(0)).contains(run.resolve(TrainingRun.CHECKPOINT).toString())
                .contains("File too large").doesNotContain(".tmp");
        assertThat(Files.readAllBytes(run.resolve(TrainingRun.CHECKPOINT))).as("the previous checkpoint")
                .isEqualTo(checkpoint);
        assertThat(temporaryFiles(run)).isEmpty();

        Forked finish = Forked.start(elsewhere, List.of(), "train", "--resume", run.toString());
        assertThat(finish.waitFor()).as(finish.output()).isZero();
        assertSameWeights(run.resolve(TrainingRun.FINAL), "stopped by SIGTERM at step " + stoppedAt
                + ", then a full disk");
    }

    private static void assertSameWeights(Path model, String story) {
        Safetensors expected = Safetensors.read(reference);
        Safetensors actual = Safetensors.read(model);
        assertThat(actual.names()).isEqualTo(expected.names());
        for (String name : expected.names()) {
            assertThat(actual.tensor(name).toFloats()).as("%s: %s", story, name)
                    .containsExactly(expected.tensor(name).toFloats());
        }
    }

    private static long checkpointStep(Path run) throws IOException {
        String meta = Safetensors.read(run.resolve(TrainingRun.CHECKPOINT)).metadata().get("seg4j-checkpoint");
        return new ObjectMapper().readTree(meta).get("step").asLong();
    }

    private static List<Path> temporaryFiles(Path run) throws IOException {
        try (Stream<Path> files = Files.list(run)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** Polls the run directory until the checkpoint's temporary file appears; returns it. */
    private static Path awaitTemporaryFile(Path run, Forked process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(run)) {
                try (Stream<Path> files = Files.list(run)) {
                    Path tmp = files.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.startsWith("." + TrainingRun.CHECKPOINT) && n.endsWith(".tmp");
                    }).findFirst().orElse(null);
                    if (tmp != null) {
                        return tmp;
                    }
                }
            }
            if (!process.process.isAlive()) {
                throw new AssertionError("the run ended before a checkpoint write was seen: " + process.output());
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no checkpoint write within " + TIMEOUT_SECONDS + " s: " + process.output());
    }

    /** A {@code seg4j} command in its own JVM (the test's class path), its output in files. */
    private record Forked(Process process, Path stdout, Path stderr) {
        static Forked start(Path directory, List<String> limit, String... args) throws IOException {
            List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                    "-Dai.djl.pytorch.num_interop_threads=1", "-cp", System.getProperty("java.class.path"),
                    Seg4jCommand.class.getName()));
            java.addAll(List.of(args));
            List<String> command = new ArrayList<>();
            if (!limit.isEmpty()) {
                // a resource limit for the JVM alone: bash sets it, then becomes the JVM
                command.addAll(List.of("bash", "-c", String.join(" ", limit) + " && exec \"$0\" \"$@\""));
            }
            command.addAll(java);
            Path out = Files.createTempFile(tmp, "stdout", ".txt");
            Path err = Files.createTempFile(tmp, "stderr", ".txt");
            Process p = new ProcessBuilder(command).directory(directory.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            return new Forked(p, out, err);
        }

        int waitFor() throws InterruptedException {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the process did not end within " + TIMEOUT_SECONDS + " s: " + output());
            }
            return process.exitValue();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            process.waitFor();
        }

        void signal(String name) throws Exception {
            Process kill = new ProcessBuilder("kill", "-" + name, "" + process.pid()).inheritIO().start();
            assertThat(kill.waitFor()).as("kill -%s", name).isZero();
        }

        /** Waits until the process has printed its progress line for {@code step}. */
        void awaitStep(int step) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (lastStep() < step) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("step " + step + " was not reached: " + output());
                }
                Thread.sleep(5);
            }
        }

        int lastStep() throws IOException {
            Matcher m = STEP.matcher(Files.readString(stdout));
            int last = 0;
            while (m.find()) {
                last = Integer.parseInt(m.group(1));
            }
            return last;
        }

        List<String> errorLines() throws IOException {
            return Files.readAllLines(stderr).stream().filter(l -> l.startsWith("seg4j")).toList();
        }

        String output() {
            try {
                return Files.readString(stdout) + Files.readString(stderr);
            } catch (IOException e) {
                return "(output unreadable: " + e.getMessage() + ")";
            }
        }
    }
}

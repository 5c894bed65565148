package org.seg4j.nn.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.seg4j.io.AtomicFiles;

/**
 * The run's JSON-lines log ({@code log.jsonl}): one object per line with an {@code event} ("start", "step",
 * "validation", "checkpoint", "finish"), the step and its figures. Lines are appended and flushed as they happen, so
 * a killed run keeps everything up to its last line, and a resumed run appends to the same file after
 * {@link #truncateAfter} dropped what the killed run logged past its checkpoint (the resumed run does those steps
 * again), so every step appears once.
 */
public final class RunLog implements TrainingListener, AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Writer out;
    private final long logEvery;

    /**
     * @param logEvery write a step line every this many steps (validation and checkpoint lines are always written)
     */
    public RunLog(Path file, long logEvery) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open run log " + file + ": " + e.getMessage(), e);
        }
        this.logEvery = Math.max(1, logEvery);
    }

    /**
     * Rewrites {@code file} (atomically) without the lines of steps after {@code step}, and without a line cut short
     * by a kill; does nothing when the file does not exist.
     */
    public static void truncateAfter(Path file, long step) {
        if (!Files.exists(file)) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonNode json;
                try {
                    json = MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    continue; // the last line of a killed run, cut short
                }
                if (json != null && json.path("step").asLong(Long.MAX_VALUE) <= step) {
                    kept.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run log " + file + ": " + e.getMessage(), e);
        }
        AtomicFiles.writeString(file, kept.toString());
    }

    @Override
    public void onStart(long firstStep, long totalSteps) {
        write(event("start", firstStep).put("totalSteps", totalSteps));
    }

    @Override
    public void onStep(Step s) {
        if (s.step() % logEvery == 0 || s.step() == s.totalSteps()) {
            write(event("step", s.step()).put("epoch", s.epoch()).put("loss", s.loss()).put("lr", s.learningRate())
                    .put("imagesPerSecond", s.imagesPerSecond()).put("dataWaitShare", s.dataWaitShare()));
        }
    }

    @Override
    public void onValidation(long step, ObjectNode metrics, boolean best) {
        ObjectNode e = event("validation", step).put("best", best);
        e.setAll(metrics);
        write(e);
    }

    @Override
    public void onCheckpoint(long step, Path file) {
        write(event("checkpoint", step).put("file", file.getFileName().toString()));
    }

    @Override
    public void onFinish(long step, String reason) {
        write(event("finish", step).put("reason", reason));
    }

    private static ObjectNode event(String name, long step) {
        return MAPPER.createObjectNode().put("event", name).put("step", step)
                .put("time", java.time.Instant.now().toString());
    }

    private void write(ObjectNode line) {
        try {
            out.write(line.toString());
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run log: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

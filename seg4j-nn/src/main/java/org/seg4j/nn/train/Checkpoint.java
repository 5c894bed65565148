package org.seg4j.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.seg4j.BadInputException;
import org.seg4j.nn.io.DType;
import org.seg4j.nn.io.NonFiniteWeightsException;
import org.seg4j.nn.io.Safetensors;
import org.seg4j.nn.io.SafetensorsWriter;
import org.seg4j.nn.io.StateDicts;
import org.seg4j.nn.io.StoredTensor;

/**
 * A resumable training checkpoint in one safetensors file, written atomically (temporary file, then rename, so a run
 * killed mid-write leaves the previous checkpoint intact): the weights under their PyTorch state_dict names (float32),
 * the optimizer state under {@code optimizer.<name>}, and in the metadata ({@code seg4j-checkpoint}) where the run
 * stands, its early-stopping bookkeeping and the config it was started with.
 */
public final class Checkpoint {
    static final String METADATA_KEY = "seg4j-checkpoint";
    private static final String OPTIMIZER = "optimizer.";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Where a run stands: the next step, the loader position, the optimizer's step count and the best mIoU so far. */
    public record State(TrainingLoop.Position position, long optimizerSteps, double bestMeanIoU, long bestStep,
            int staleValidations, ObjectNode config) {
    }

    private Checkpoint() {
    }

    /**
     * Writes the checkpoint atomically.
     *
     * @throws NonFiniteWeightsException if a weight or optimizer state holds NaN or an infinity (nothing is written)
     */
    public static void save(Path file, Block block, ParameterOptimizer optimizer, State state) {
        SafetensorsWriter w = StateDicts.writer(block, false);
        for (Map.Entry<String, NDArray> e : optimizer.state().entrySet()) {
            float[] values = e.getValue().toFloatArray();
            NonFiniteWeightsException.requireFinite(OPTIMIZER + e.getKey(), values);
            w.addFloats(OPTIMIZER + e.getKey(), e.getValue().getShape().getShape(), values, DType.F32);
        }
        ObjectNode meta = MAPPER.createObjectNode();
        meta.put("step", state.position().step()).put("epoch", state.position().epoch())
                .put("epochPosition", state.position().epochPosition()).put("optimizerSteps", state.optimizerSteps())
                .put("bestMeanIoU", state.bestMeanIoU()).put("bestStep", state.bestStep())
                .put("staleValidations", state.staleValidations()).set("config", state.config());
        w.metadata(METADATA_KEY, meta.toString());
        w.write(file);
    }

    /**
     * Loads the weights (all of them, shapes checked) into {@code block} and the optimizer state into
     * {@code optimizer}, and returns where the run stood.
     *
     * @throws BadInputException if the file is missing, truncated, not a checkpoint, or for another model
     */
    public static State load(Path file, Block block, ParameterOptimizer optimizer, NDManager manager) {
        Safetensors tensors = Safetensors.read(file);
        String json = tensors.metadata().get(METADATA_KEY);
        if (json == null) {
            throw new BadInputException(file, "not a seg4j training checkpoint (no '" + METADATA_KEY + "' metadata)");
        }
        JsonNode meta;
        try {
            meta = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "corrupt checkpoint metadata: " + e.getOriginalMessage());
        }
        for (String key : new String[] {"step", "epoch", "epochPosition", "optimizerSteps", "config"}) {
            if (!meta.has(key)) {
                throw new BadInputException(file, "corrupt checkpoint metadata: no '" + key + "'");
            }
        }
        StateDicts.load(block, tensors, true, k -> k.startsWith(OPTIMIZER) ? null : k);
        Map<String, NDArray> state = new LinkedHashMap<>();
        try (NDManager scope = manager.newSubManager()) {
            for (String name : tensors.names()) {
                if (name.startsWith(OPTIMIZER)) {
                    StoredTensor t = tensors.tensor(name);
                    state.put(name.substring(OPTIMIZER.length()), scope.create(t.toFloats(), new Shape(t.shape())));
                }
            }
            optimizer.restore(state, meta.get("optimizerSteps").asLong());
        }
        TrainingLoop.Position position = new TrainingLoop.Position(meta.get("step").asLong(),
                meta.get("epoch").asInt(), meta.get("epochPosition").asInt());
        return new State(position, meta.get("optimizerSteps").asLong(), meta.path("bestMeanIoU").asDouble(Double.NaN),
                meta.path("bestStep").asLong(-1), meta.path("staleValidations").asInt(0),
                (ObjectNode) meta.get("config"));
    }
}

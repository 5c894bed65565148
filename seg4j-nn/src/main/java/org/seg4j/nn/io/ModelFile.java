package org.seg4j.nn.io;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.function.Function;
import org.seg4j.BadInputException;
import org.seg4j.io.JsonInput;

/**
 * The seg4j model file: one safetensors file ({@link Safetensors}) holding the weights under their PyTorch
 * state_dict keys ({@link StateDictNames}) and, in the header's {@code __metadata__} under the key
 * {@value #METADATA_KEY}, the {@link ModelCard} as a JSON string ({@link ModelCardJson}). {@code seg4j predict
 * --model FILE} needs nothing else; {@code SegmentationModel.open} opens one for inference, and PyTorch users read
 * the weights with {@code safetensors.torch.load_file}.
 * Weights are stored as float32 or, to halve the size where the accuracy allows, float16.
 */
public final class ModelFile {
    /** The metadata key of the model card. */
    public static final String METADATA_KEY = "seg4j";
    /**
     * Spatial size of the sample input used to initialise a block whose factory returns it uninitialised: DJL infers
     * parameter shapes from an input shape, and the parameter shapes of a fully convolutional network do not
     * depend on the spatial size. 512 is the benchmark size of the issue, accepted by every seg4j architecture.
     */
    static final int SAMPLE_SIZE = 512;
    private static final ObjectMapper MAPPER = JsonInput.mapper();

    private final ModelCard card;
    private final Safetensors weights;

    private ModelFile(ModelCard card, Safetensors weights) {
        this.card = card;
        this.weights = weights;
    }

    /**
     * Writes {@code block}'s parameters and {@code card} to {@code file}, atomically (a temporary file renamed over
     * the target, so an interrupted save keeps the previous file).
     *
     * @param float16 store weights as F16 instead of F32
     */
    public static void save(Path file, ModelCard card, Block block, boolean float16) {
        StateDicts.writer(block, float16).metadata(METADATA_KEY, ModelCardJson.toJson(card).toString()).write(file);
    }

    /**
     * Reads and checks a model file: the safetensors structure ({@link Safetensors#read}) and the model card.
     *
     * @throws BadInputException for a malformed or truncated file, a safetensors file without seg4j metadata (a
     *                           plain state_dict, to be imported instead), or a card of another version
     */
    public static ModelFile read(Path file) {
        Safetensors weights = Safetensors.read(file);
        String json = weights.metadata().get(METADATA_KEY);
        if (json == null) {
            throw new BadInputException(file, "a plain safetensors file, not a seg4j model file (no \"" + METADATA_KEY
                    + "\" entry in its metadata); if it holds PyTorch weights, build the model and import them with "
                    + "StateDicts.load (docs/weights.md, \"Importing PyTorch weights\")");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "seg4j metadata is not valid JSON: " + e.getOriginalMessage());
        }
        try {
            return new ModelFile(ModelCardJson.fromJson(tree), weights);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "seg4j metadata: " + e.getMessage());
        }
    }

    public ModelCard card() {
        return card;
    }

    public Safetensors weights() {
        return weights;
    }

    /**
     * Checks that the file holds the expected architecture.
     *
     * @return this
     * @throws BadInputException if it holds another one
     */
    public ModelFile requireArchitecture(String architecture) {
        if (!card.architecture().equals(architecture)) {
            throw new BadInputException(weights.file(), "holds a '" + card.architecture() + "' model, expected '"
                    + architecture + "'");
        }
        return this;
    }

    /**
     * Builds the model with {@code factory} (usually {@code ModelRegistry.standard()::create}), initialises it on
     * {@code manager} if the factory did not, and loads the weights strictly.
     *
     * @throws BadInputException if the factory refuses the card (an unknown architecture or option, a bad option
     *     value), the weights do not fit the built block (missing, unexpected or misshapen keys) or are not finite
     */
    public Block load(NDManager manager, Function<ModelCard, Block> factory) {
        Block block;
        try {
            block = factory.apply(card);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(weights.file(), "the model card's architecture cannot be built: "
                    + e.getMessage(), e);
        }
        if (!block.isInitialized()) {
            block.initialize(manager, DataType.FLOAT32, new Shape(1, card.inChannels(), SAMPLE_SIZE, SAMPLE_SIZE));
        }
        try {
            StateDicts.load(block, weights, true, k -> k);
        } catch (BadInputException e) {
            if (e.getCause() instanceof NonFiniteWeightsException) {
                throw e; // the weights fit, but are not numbers
            }
            throw new BadInputException(weights.file(), "weights do not fit architecture '" + card.architecture()
                    + "' with " + card.numClasses() + " classes, " + card.inChannels() + " input channels and options "
                    + card.options() + ": " + e.problem(), e);
        }
        return block;
    }
}

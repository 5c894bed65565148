package org.seg4j.nn.localize;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.seg4j.BadInputException;
import org.seg4j.nn.io.ModelCard;
import org.seg4j.nn.io.ModelFile;
import org.seg4j.nn.model.LocalizerNet;
import org.seg4j.nn.model.ModelRegistry;

/**
 * A localizer model file ({@link ModelFile} of architecture {@code localizer}) opened for inference: its card (the
 * label spec lists the background first, then the localized classes) and the network with convolutional heads.
 * Closing it frees the weights.
 */
public final class LocalizerModel implements AutoCloseable {
    public static final String ARCHITECTURE = "localizer";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final ModelCard card;
    private final LocalizerNet net;
    private final ConvolutionalLocalizer convolutional;
    private final NDManager weights;

    private LocalizerModel(Path file, ModelCard card, LocalizerNet net, NDManager weights) {
        this.file = file;
        this.card = card;
        this.net = net;
        this.weights = weights;
        this.convolutional = new ConvolutionalLocalizer(net, weights);
    }

    /**
     * Opens a localizer model file for inference; the model owns its native memory: close it when done.
     *
     * <pre>{@code
     * try (LocalizerModel model = LocalizerModel.open(Path.of("models/camvid-car-localizer.seg4j"))) {
     *     List<ScoredBox> cars = model.localizer().localize(Path.of("street.png")).detections();
     * }
     * }</pre>
     *
     * @throws org.seg4j.BadInputException for a malformed or truncated file, or one holding another architecture
     */
    public static LocalizerModel open(Path file) {
        NDManager manager = NDManager.newBaseManager();
        try {
            return open(file, manager, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Reads and loads a localizer model file, its weights on a sub-manager of {@code manager}.
     *
     * @throws org.seg4j.BadInputException for a malformed or truncated file, or one holding another architecture
     */
    public static LocalizerModel open(Path file, NDManager manager) {
        NDManager weights = manager.newSubManager();
        try {
            return open(file, weights, weights);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    private static LocalizerModel open(Path file, NDManager weights, NDManager owner) {
        ModelFile model = ModelFile.read(file).requireArchitecture(ARCHITECTURE);
        LocalizerNet net = (LocalizerNet) model.load(weights, ModelRegistry.standard()::create);
        net.freezeParameters(true); // inference only: no autograd graph keeps intermediate arrays alive
        return new LocalizerModel(file, model.card(), net, owner);
    }

    public ModelCard card() {
        return card;
    }

    /** The network with its fully connected heads, as trained. */
    public LocalizerNet net() {
        return net;
    }

    /** The same network evaluating every window of an image in one pass. */
    public ConvolutionalLocalizer convolutional() {
        return convolutional;
    }

    /**
     * The localization settings the model was validated with while training (the {@code localization} section of the
     * training config in its card); scales and aspects 1 and NMS at IoU 0.3 for a model without one.
     */
    public Localizer.Options trainedOptions() {
        LocalizationConfig trained = trainedSection();
        return trained == null
                ? new Localizer.Options(new double[] {1}, new double[] {1}, Localizer.Combination.NMS, 0.1, 0.3, 100)
                : trained.validationOptions();
    }

    /**
     * The smallest connected component the model's training took as a box ({@code localization.minArea}), or
     * {@code fallback} for a model whose card has no localization section.
     */
    public int trainedMinArea(int fallback) {
        LocalizationConfig trained = trainedSection();
        return trained == null ? fallback : trained.minArea();
    }

    /** The card's training {@code localization} section, or null. */
    private LocalizationConfig trainedSection() {
        JsonNode section = card.provenance().training().path("config").path("localization");
        if (section.isMissingNode()) {
            return null;
        }
        try {
            return MAPPER.treeToValue(section, LocalizationConfig.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BadInputException(file, "the localization settings in its card are malformed: " + e.getMessage());
        }
    }

    /** A localizer with the settings the model was validated with ({@link #trainedOptions()}). */
    public Localizer localizer() {
        return localizer(trainedOptions());
    }

    /** A localizer with this model's normalization. */
    public Localizer localizer(Localizer.Options options) {
        return new Localizer(convolutional, card.normalization(), options);
    }

    @Override
    public void close() {
        weights.close();
    }
}

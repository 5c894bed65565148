package org.seg4j.nn.io;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.seg4j.image.Normalization;
import org.seg4j.label.LabelSpec;

/**
 * Everything a seg4j model file says about its model besides the weights: the architecture and the arguments that
 * rebuild it, the classes it predicts, how input images are normalised, and where it came from. Stored as JSON in
 * the model file's metadata ({@link ModelFile}, {@link ModelCardJson}).
 *
 * @param architecture  registry name of the architecture, e.g. "fcn8s"
 * @param numClasses    number of output classes; equals {@code labels.numClasses()}
 * @param inChannels    number of input channels (3 for RGB)
 * @param options       architecture options as strings (e.g. {@code backbone=resnet101}), sorted by key
 * @param labels        the classes, their colours and the ignore index
 * @param normalization per-channel mean and std applied to images scaled to [0, 1]
 * @param provenance    data set, metrics and training summary
 * @param inputScale    the resolution the model works at: inference resizes images by this factor by default and
 *                      up-samples the scores back (1 = as is; 0.5 for a model trained on half-resolution images)
 */
public record ModelCard(String architecture, int numClasses, int inChannels, Map<String, String> options,
        LabelSpec labels, Normalization normalization, Provenance provenance, double inputScale) {

    /** A card for a model that works at the images' own resolution. */
    public ModelCard(String architecture, int numClasses, int inChannels, Map<String, String> options,
            LabelSpec labels, Normalization normalization, Provenance provenance) {
        this(architecture, numClasses, inChannels, options, labels, normalization, provenance, 1);
    }

    /**
     * Where a model came from.
     *
     * @param dataset  the data set it was trained on, as given to seg4j (e.g. "camvid:/data/camvid"), or null
     * @param metrics  evaluation scores (free JSON object, e.g. {"mIoU": 0.62})
     * @param training training summary (free JSON object: epochs, schedule, seed, ...)
     */
    public record Provenance(String dataset, ObjectNode metrics, ObjectNode training) {
        public Provenance {
            metrics = metrics == null ? JsonNodeFactory.instance.objectNode() : metrics.deepCopy();
            training = training == null ? JsonNodeFactory.instance.objectNode() : training.deepCopy();
        }

        /** No data set, no metrics, no training summary. */
        public static Provenance none() {
            return new Provenance(null, null, null);
        }

        @Override
        public ObjectNode metrics() {
            return metrics.deepCopy();
        }

        @Override
        public ObjectNode training() {
            return training.deepCopy();
        }
    }

    public ModelCard {
        if (architecture == null || architecture.isBlank()) {
            throw new IllegalArgumentException("architecture name is empty");
        }
        if (inChannels < 1) {
            throw new IllegalArgumentException("inChannels must be positive, got " + inChannels);
        }
        if (labels == null || numClasses != labels.numClasses()) {
            throw new IllegalArgumentException("numClasses " + numClasses + " differs from the label spec's "
                    + (labels == null ? "(none)" : labels.numClasses() + " classes"));
        }
        if (normalization == null) {
            throw new IllegalArgumentException("normalization is required");
        }
        if (!(inputScale > 0) || inputScale > 16) {
            throw new IllegalArgumentException("inputScale must be in (0, 16], got " + inputScale);
        }
        options = Map.copyOf(new TreeMap<>(options == null ? Map.of() : options));
        provenance = provenance == null ? Provenance.none() : provenance;
    }

    /** Options sorted by key. */
    @Override
    public Map<String, String> options() {
        return new TreeMap<>(options);
    }
}

package org.seg4j.nn.train;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The config's {@code schedule.classWeights}: {@code "none"}, {@code "median-frequency"} (Eigen & Fergus, ICCV 2015;
 * {@link org.seg4j.nn.loss.ClassWeights#medianFrequency}) or a JSON list with one weight per class. Anything else
 * fails when the config is read, naming the key.
 */
@JsonDeserialize(using = ClassWeighting.Reader.class)
public sealed interface ClassWeighting {
    /** Every class weighs 1. */
    record None() implements ClassWeighting {
        @Override
        public String toString() {
            return "none";
        }
    }

    /** Median-frequency balancing computed from the training labels. */
    record MedianFrequency() implements ClassWeighting {
        @Override
        public String toString() {
            return "median-frequency";
        }
    }

    /** The given weights, one per class in the label spec's order. */
    record Given(List<Double> weights) implements ClassWeighting {
        public Given {
            weights = List.copyOf(weights);
        }

        @Override
        public String toString() {
            return weights.toString();
        }
    }

    /** Reads a string or a list of numbers. */
    final class Reader extends JsonDeserializer<ClassWeighting> {
        private static final String EXPECTED = "classWeights must be \"none\", \"median-frequency\" or a list of "
                + "numbers";

        @Override
        public ClassWeighting deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return switch (p.getText()) {
                    case "none" -> new ClassWeighting.None();
                    case "median-frequency" -> new ClassWeighting.MedianFrequency();
                    default -> ctxt.reportInputMismatch(ClassWeighting.class, EXPECTED + ", got \"" + p.getText()
                            + "\"");
                };
            }
            if (p.currentToken() != JsonToken.START_ARRAY) {
                return ctxt.reportInputMismatch(ClassWeighting.class, EXPECTED + ", got " + p.currentToken());
            }
            List<Double> weights = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (!t.isNumeric()) {
                    return ctxt.reportInputMismatch(ClassWeighting.class, EXPECTED + ", got a list holding "
                            + p.getText());
                }
                double w = p.getDoubleValue();
                if (!(w >= 0) || Double.isInfinite(w)) {
                    return ctxt.reportInputMismatch(ClassWeighting.class, "classWeights must be finite and >= 0, got "
                            + w);
                }
                weights.add(w);
            }
            return new Given(weights);
        }
    }
}

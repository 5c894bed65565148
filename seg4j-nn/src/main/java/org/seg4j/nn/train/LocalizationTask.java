package org.seg4j.nn.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;
import org.seg4j.data.SampleReader;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.localize.ConvolutionalLocalizer;
import org.seg4j.nn.localize.LocalizationConfig;
import org.seg4j.nn.localize.LocalizationEvaluation;
import org.seg4j.nn.localize.Localizer;
import org.seg4j.nn.localize.LocalizerModel;
import org.seg4j.nn.localize.WindowSampler;
import org.seg4j.nn.model.LocalizerNet;

/**
 * Training task {@code localization}: the network (architecture {@code localizer}) learns the background and the
 * config's classes from windows drawn out of the training images ({@link WindowSampler}, {@link LocalizationLoss});
 * validation localizes in the validation images ({@link Localizer} with the config's scales, aspects and combination)
 * and scores AP50, which picks the best model.
 */
public final class LocalizationTask implements TrainingTask {
    private final TrainConfig config;
    private final TrainingData data;
    private final LabelSpec labels;
    private final int[] classOf;

    /**
     * @throws IllegalArgumentException if a class is not one of the data set's, or the architecture is not a
     *     localizer
     */
    public LocalizationTask(TrainConfig config, TrainingData data) {
        if (!config.model().architecture().equals(LocalizerModel.ARCHITECTURE)) {
            throw new IllegalArgumentException("task localization trains architecture '" + LocalizerModel.ARCHITECTURE
                    + "', not '" + config.model().architecture() + "'");
        }
        this.config = config;
        this.data = data;
        this.labels = localizerLabels(data.labels(), config.localization().classes());
        this.classOf = LocalizationEvaluation.classMapping(data.labels(), labels);
    }

    /** The background (black), then the named classes of the data set with their colours. */
    public static LabelSpec localizerLabels(LabelSpec data, List<String> classes) {
        LabelSpec.Builder b = LabelSpec.builder(data.name() + "-localizer").addClass("background", 0x000000);
        for (String name : classes) {
            int id = data.indexOf(name);
            if (id < 0) {
                throw new IllegalArgumentException("localization class '" + name + "' is not a class of label spec '"
                        + data.name() + "'; it has " + data.classNames());
            }
            b.addClass(data.className(id), data.color(id));
        }
        return b.build();
    }

    /** With {@code freeze: classifier}, fixes the backbone and the classifier so only the regressor learns. */
    @Override
    public void prepare(Block block) {
        if (config.localization().freeze().equals("classifier")) {
            ((LocalizerNet) block).freezeClassifier();
        }
    }

    @Override
    public LabelSpec modelLabels() {
        return labels;
    }

    @Override
    public StepObjective objective() {
        LocalizationConfig l = config.localization();
        WindowSampler sampler = new WindowSampler(classOf, labels.numClasses(),
                new WindowSampler.Settings(l.positives(), l.negatives(), LocalizationConfig.toArray(l.aspects()),
                        l.positiveIou(), l.negativeIou()));
        return new LocalizationLoss(sampler, config.schedule().seed(), LocalizationLoss.BoxLoss.parse(l.boxLoss()),
                l.classWeight(), l.boxWeight());
    }

    @Override
    public double inputScale() {
        return 1;
    }

    @Override
    public Validated validate(Block block, NDManager manager) {
        Localizer localizer = new Localizer(new ConvolutionalLocalizer((LocalizerNet) block, manager),
                data.normalization(), config.localization().validationOptions());
        int limit = config.validation().limit() == null ? 0 : config.validation().limit();
        LocalizationEvaluation.Result result = LocalizationEvaluation.run(localizer, labels,
                new SampleReader(data.val(), data.policy()), classOf, limit, manager, (s, d) -> { });
        return new Validated(result.ap().map(), result.toJson(), result.toJson());
    }
}

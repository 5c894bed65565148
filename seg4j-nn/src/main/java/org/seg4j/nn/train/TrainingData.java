package org.seg4j.nn.train;

import java.util.ArrayList;
import java.util.List;
import org.seg4j.box.ConnectedComponents;
import org.seg4j.data.ComponentBoxDataset;
import org.seg4j.data.DatasetOptions;
import org.seg4j.data.Datasets;
import org.seg4j.data.Sample;
import org.seg4j.data.SampleReader;
import org.seg4j.data.SegmentationDataset;
import org.seg4j.data.augment.Augmentation;
import org.seg4j.data.augment.AugmentationPipeline;
import org.seg4j.data.augment.ElasticDeformation;
import org.seg4j.data.augment.HorizontalFlip;
import org.seg4j.data.augment.PhotometricDistortion;
import org.seg4j.data.augment.QuarterTurn;
import org.seg4j.data.augment.RandomCrop;
import org.seg4j.data.augment.RandomScale;
import org.seg4j.data.loader.IndexOrder;
import org.seg4j.data.loader.PrefetchLoader;
import org.seg4j.image.Normalization;
import org.seg4j.label.LabelSpec;
import org.seg4j.label.LabelSpecJson;
import org.seg4j.nn.localize.LocalizationConfig;
import org.seg4j.nn.loss.ClassWeights;

/**
 * The data side of a training run, built from its config: data sets, label spec, augmentation, loader, weights.
 * Public so that a benchmark can feed the training loop exactly as a run does.
 */
public final class TrainingData {
    private final TrainConfig config;
    private final SegmentationDataset train;
    private final SegmentationDataset val;
    private final LabelSpec labels;

    /** Opens the config's training and validation sets. */
    public TrainingData(TrainConfig config) {
        this(config, withBoxes(config, Datasets.open(config.data().train(), trainOptions(config.data()))));
    }

    /**
     * The config's data settings over a training set opened by the caller (its label spec is the run's); the
     * config's validation set is opened when it names one.
     */
    public TrainingData(TrainConfig config, SegmentationDataset train) {
        this.config = config;
        this.train = train;
        this.labels = train.labelSpec();
        TrainConfig.Data d = config.data();
        this.val = d.val() == null ? null
                : withBoxes(config, Datasets.open(d.val(), new DatasetOptions(d.valSplit(), labels, null)));
    }

    /** The data set, with boxes from its labels' connected components when a localization config asks for them. */
    private static SegmentationDataset withBoxes(TrainConfig config, SegmentationDataset base) {
        LocalizationConfig l = config.localization();
        if (l == null || !l.boxesFromLabels()) {
            return base;
        }
        return ComponentBoxDataset.forClasses(base, l.classes(), ConnectedComponents.Connectivity.EIGHT, l.minArea());
    }

    /** The options the config's training set is opened with: its split, and its label spec when one is named. */
    public static DatasetOptions trainOptions(TrainConfig.Data d) {
        DatasetOptions options = DatasetOptions.split(d.trainSplit());
        return d.labels() == null ? options : options.withLabels(LabelSpecJson.resolve(d.labels()));
    }

    public SegmentationDataset train() {
        return train;
    }

    /** The validation set, or null. */
    public SegmentationDataset val() {
        return val;
    }

    public LabelSpec labels() {
        return labels;
    }

    public Normalization normalization() {
        return normalization(config.data());
    }

    /** The input normalization the data settings name. */
    static Normalization normalization(TrainConfig.Data d) {
        List<Float> m = d.mean();
        List<Float> s = d.std();
        return new Normalization(new float[] {m.get(0), m.get(1), m.get(2)}, new float[] {s.get(0), s.get(1), s.get(2)});
    }

    /** What to do with a sample that cannot be read. */
    public SampleReader.OnBadSample policy() {
        return switch (config.data().onBadSample()) {
            case "fail" -> SampleReader.OnBadSample.FAIL;
            case "skip" -> SampleReader.OnBadSample.SKIP;
            default -> throw new IllegalArgumentException("data.onBadSample must be fail or skip");
        };
    }

    public PrefetchLoader loader() {
        TrainConfig.Data d = config.data();
        List<Augmentation> steps = new ArrayList<>();
        if (d.elastic()) {
            steps.add(new ElasticDeformation());
        }
        if (d.scale() != null) {
            steps.add(new RandomScale(d.scale().get(0), d.scale().get(1)));
        }
        if (d.crop() != null) {
            steps.add(new RandomCrop(d.crop().get(0), d.crop().get(1), labels));
        }
        if (d.flip()) {
            steps.add(new HorizontalFlip());
        }
        if (d.rotate90()) {
            steps.add(new QuarterTurn());
        }
        if (d.photometric()) {
            steps.add(new PhotometricDistortion());
        }
        long seed = config.schedule().seed();
        return PrefetchLoader.builder(new SampleReader(train, policy())).setBatchSize(d.batchSize())
                .optOrder(IndexOrder.shuffled(seed)).optPipeline(new AugmentationPipeline(seed, steps))
                .optNormalization(normalization()).optWorkers(d.workers()).optDropLast(true).build();
    }

    /** The input shape the network is initialised with: one crop (or one training image). */
    public int[] inputSize() {
        if (config.data().crop() != null) {
            return new int[] {config.data().crop().get(0), config.data().crop().get(1)};
        }
        Sample first = train.load(0);
        return new int[] {first.width(), first.height()};
    }

    /** Class weights from the config: none, median-frequency over the training labels, or a list. */
    public float[] classWeights() {
        ClassWeighting weighting = config.schedule().classWeights();
        if (weighting instanceof ClassWeighting.Given given) {
            return given(given.weights());
        }
        return weighting instanceof ClassWeighting.MedianFrequency ? medianFrequency() : null;
    }

    private float[] given(List<Double> weights) {
        if (weights.size() != labels.numClasses()) {
            throw new IllegalArgumentException("schedule.classWeights has " + weights.size() + " values for "
                    + labels.numClasses() + " classes");
        }
        float[] w = new float[weights.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.get(i).floatValue();
        }
        return w;
    }

    private float[] medianFrequency() {
        int n = labels.numClasses();
        long[] classPixels = new long[n];
        long[] imagePixels = new long[n];
        SampleReader reader = new SampleReader(train, policy());
        for (int i = 0; i < train.size(); i++) {
            reader.read(i).ifPresent(s -> {
                long[] h = s.label().histogram();
                long total = (long) s.width() * s.height();
                for (int c = 0; c < n; c++) {
                    if (h[c] > 0) {
                        classPixels[c] += h[c];
                        imagePixels[c] += total;
                    }
                }
            });
        }
        return ClassWeights.medianFrequency(classPixels, imagePixels);
    }
}

package org.seg4j.nn.train;

import java.util.List;
import java.util.Map;
import org.seg4j.nn.engine.ForwardPassLimit;
import org.seg4j.nn.localize.LocalizationConfig;

/**
 * A training run's configuration: what network, on what data, on what schedule. Read from JSON files that compose
 * (see {@link TrainConfigFiles}); every field has a documented default, and an unknown key is an error.
 */
public record TrainConfig(String task, Model model, Data data, Schedule schedule, Validation validation,
        LocalizationConfig localization) {
    /** The default task: per-pixel labels. */
    public static final String SEGMENTATION = "segmentation";
    /** OverFeat localization: class and box of windows ({@link LocalizationConfig}). */
    public static final String LOCALIZATION = "localization";

    public TrainConfig {
        if (model == null || data == null) {
            throw new IllegalArgumentException("a training config needs \"model\" and \"data\" sections");
        }
        task = task == null ? SEGMENTATION : task;
        if (!task.equals(SEGMENTATION) && !task.equals(LOCALIZATION)) {
            throw new IllegalArgumentException("task must be segmentation or localization, got '" + task + "'");
        }
        if (task.equals(LOCALIZATION) && localization == null) {
            throw new IllegalArgumentException("a localization config needs a \"localization\" section naming "
                    + "its classes");
        }
        if (task.equals(SEGMENTATION) && localization != null) {
            throw new IllegalArgumentException("a \"localization\" section needs \"task\": \"localization\"");
        }
        schedule = schedule == null ? new Schedule(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null) : schedule;
        validation = validation == null ? new Validation(null, null, null, null, null, null) : validation;
    }

    /**
     * @param architecture a registered architecture name ({@code seg4j models})
     * @param inChannels input channels, default 3
     * @param options architecture options (strings), default none
     * @param init a seg4j model file of the same architecture whose weights a new run starts from (fine-tuning, or
     *     the localizer's regressor trained on a fixed classifier); null = random initialisation
     */
    public record Model(String architecture, Integer inChannels, Map<String, String> options, String init) {
        public Model {
            if (architecture == null || architecture.isBlank()) {
                throw new IllegalArgumentException("model.architecture is required");
            }
            inChannels = inChannels == null ? 3 : inChannels;
            options = options == null ? Map.of() : Map.copyOf(options);
        }
    }

    /**
     * @param train training set, {@code KIND:PATH}
     * @param trainSplit its split (the format's default when null)
     * @param val validation set, {@code KIND:PATH}; null = no validation
     * @param valSplit its split
     * @param labels label spec name or JSON file; null = the data set's own
     * @param crop training crop {@code [width, height]}; null = whole images (all of one size)
     * @param scale random scale range {@code [min, max]}; null = no scaling
     * @param flip random horizontal flip, default true
     * @param rotate90 random rotation by a multiple of 90 degrees (orientation-free data such as microscopy; with
     *     {@code flip}, all eight symmetries of the square), default false; needs a square crop
     * @param photometric photometric distortion, default false
     * @param elastic elastic deformation (U-Net paper: 3x3 grid, sigma 10 px), default false
     * @param mean normalisation mean per channel (0..1 scale), default ImageNet's
     * @param std normalisation standard deviation per channel, default ImageNet's
     * @param batchSize samples per batch, default 8
     * @param workers loader threads, default 2
     * @param onBadSample {@code fail} (default) or {@code skip}
     */
    public record Data(String train, String trainSplit, String val, String valSplit, String labels, List<Integer> crop,
            List<Double> scale, Boolean flip, Boolean rotate90, Boolean photometric, Boolean elastic,
            List<Float> mean, List<Float> std,
            Integer batchSize, Integer workers, String onBadSample) {
        public Data {
            if (train == null) {
                throw new IllegalArgumentException("data.train is required (KIND:PATH)");
            }
            if (crop != null && crop.size() != 2) {
                throw new IllegalArgumentException("data.crop must be [width, height]");
            }
            if (scale != null && scale.size() != 2) {
                throw new IllegalArgumentException("data.scale must be [min, max]");
            }
            flip = flip == null || flip;
            rotate90 = rotate90 != null && rotate90;
            if (rotate90 && (crop == null || !crop.get(0).equals(crop.get(1)))) {
                throw new IllegalArgumentException("data.rotate90 needs a square data.crop (a quarter turn swaps width "
                        + "and height), got " + (crop == null ? "no crop" : crop));
            }
            photometric = photometric != null && photometric;
            elastic = elastic != null && elastic;
            mean = mean == null ? List.of(0.485f, 0.456f, 0.406f) : mean;
            std = std == null ? List.of(0.229f, 0.224f, 0.225f) : std;
            if (mean.size() != 3 || std.size() != 3) {
                throw new IllegalArgumentException("data.mean and data.std need 3 values");
            }
            batchSize = batchSize == null ? 8 : batchSize;
            if (batchSize < 1) {
                throw new IllegalArgumentException("data.batchSize must be at least 1, got " + batchSize);
            }
            if (crop != null) {
                if (crop.get(0) < 1 || crop.get(1) < 1) {
                    throw new IllegalArgumentException("data.crop must be positive, got " + crop);
                }
                ForwardPassLimit.require((long) batchSize * crop.get(0) * crop.get(1), "data.crop " + crop
                        + " with data.batchSize " + batchSize);
            }
            workers = workers == null ? 2 : workers;
            onBadSample = onBadSample == null ? "fail" : onBadSample;
        }
    }

    /**
     * @param optimizer {@code sgd} (default), {@code adam} or {@code adamw}
     * @param lr base learning rate, default 0.01
     * @param momentum SGD momentum, default 0.9
     * @param weightDecay default 5e-4
     * @param policy {@code poly} (default), {@code step}, {@code cosine}, {@code constant}
     * @param power poly power, default 0.9
     * @param stepSize step policy: steps between decays
     * @param gamma step policy: decay factor, default 0.1
     * @param minLr floor of poly and cosine, default 0
     * @param steps total optimizer steps (required in practice), default 1000
     * @param warmupSteps linear warm-up steps, default 0
     * @param warmupRatio warm-up start as a fraction of lr, default 0.1
     * @param accumulate batches whose gradients are summed per optimizer step, default 1
     * @param classWeights {@code none} (default), {@code median-frequency}, or a list of numbers
     * @param diceWeight weight of an added soft Dice loss, default 0 (none)
     * @param seed seed of shuffling, augmentation and dropout, default 1
     */
    public record Schedule(String optimizer, Double lr, Double momentum, Double weightDecay, String policy,
            Double power, Long stepSize, Double gamma, Double minLr, Long steps, Long warmupSteps, Double warmupRatio,
            Integer accumulate, ClassWeighting classWeights, Double diceWeight, Long seed) {
        public Schedule {
            optimizer = optimizer == null ? "sgd" : optimizer;
            lr = lr == null ? 0.01 : lr;
            momentum = momentum == null ? 0.9 : momentum;
            weightDecay = weightDecay == null ? 5e-4 : weightDecay;
            policy = policy == null ? "poly" : policy;
            power = power == null ? 0.9 : power;
            stepSize = stepSize == null ? 0L : stepSize;
            gamma = gamma == null ? 0.1 : gamma;
            minLr = minLr == null ? 0.0 : minLr;
            steps = steps == null ? 1000L : steps;
            warmupSteps = warmupSteps == null ? 0L : warmupSteps;
            warmupRatio = warmupRatio == null ? 0.1 : warmupRatio;
            accumulate = accumulate == null ? 1 : accumulate;
            classWeights = classWeights == null ? new ClassWeighting.None() : classWeights;
            diceWeight = diceWeight == null ? 0.0 : diceWeight;
            seed = seed == null ? 1L : seed;
            if (accumulate < 1) {
                throw new IllegalArgumentException("schedule.accumulate must be >= 1");
            }
        }

        public LearningRateSchedule learningRate() {
            return new LearningRateSchedule(policy, lr, steps, power, stepSize, gamma, minLr, warmupSteps,
                    warmupRatio);
        }

        public OptimizerConfig optimizerConfig() {
            return new OptimizerConfig(optimizer, momentum, weightDecay, 0.9, 0.999, 1e-8);
        }
    }

    /**
     * @param every validate (and keep the best model by mIoU, or by AP50 for localization) every this many steps,
     *   default 500; 0 = only at the end
     * @param checkpointEvery write a resumable checkpoint every this many steps, default 100
     * @param limit validate on at most this many images (null = all)
     * @param tile sliding-window tile for validation, 0 (default) = whole images
     * @param earlyStopPatience stop after this many validations without a better mIoU; 0 (default) = never
     * @param scale images are resized by this factor for the network and its scores up-sampled back, so metrics are
     *     at full resolution; set it to the resolution the model trains at (e.g. 0.5 for half-resolution crops). The
     *     model file records it as the model's input scale. Default 1.
     */
    public record Validation(Long every, Long checkpointEvery, Integer limit, Integer tile, Integer earlyStopPatience,
            Double scale) {
        public Validation {
            scale = scale == null ? 1.0 : scale;
            if (!(scale > 0) || scale > 16) {
                throw new IllegalArgumentException("validation.scale must be in (0, 16], got " + scale);
            }
            every = every == null ? 500L : every;
            checkpointEvery = checkpointEvery == null ? 100L : checkpointEvery;
            tile = tile == null ? 0 : tile;
            earlyStopPatience = earlyStopPatience == null ? 0 : earlyStopPatience;
        }
    }
}

package org.seg4j.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.seg4j.BadInputException;
import org.seg4j.data.Datasets;
import org.seg4j.data.SegmentationDataset;
import org.seg4j.data.loader.PrefetchLoader;
import org.seg4j.nn.io.StateDictNames;
import org.seg4j.nn.model.ModelArgs;
import org.seg4j.nn.model.ModelRegistry;
import org.seg4j.nn.train.OptimizerConfig;
import org.seg4j.nn.train.ParameterOptimizer;
import org.seg4j.nn.train.SegmentationLoss;
import org.seg4j.nn.train.TrainConfig;
import org.seg4j.nn.train.TrainConfigFiles;
import org.seg4j.nn.train.TrainingData;
import org.seg4j.nn.train.TrainingListener;
import org.seg4j.nn.train.TrainingLoop;

/**
 * {@code seg4j bench train}: U-Net training throughput. seg4j side: the real training step of a run -
 * {@link TrainingLoop} (forward, per-pixel cross-entropy, backward, optimizer step) fed by the run's
 * {@link PrefetchLoader} (decode, the config's augmentation, normalisation, batching on worker threads) - with the
 * model, data and optimizer of a training config ({@code configs/isbi-unet.json} by default: U-Net base 16, depth 4,
 * padded, batch norm; ISBI 2012 slices 0-19, elastic deformation, 256x256 crops, flip, batch 4; Adam). Reference: the
 * same network ({@code tools/reference/unet.py}) and step (cross-entropy, backward, the same torch.optim rule) in
 * PyTorch, timed in the same run by {@code tools/bench/unet_train_step.py} under {@code /usr/bin/python3} with
 * {@code torch.set_num_threads(--threads)}, on one in-memory batch (no data loading on that side).
 *
 * <p>Printed: the median step time and the images/s it gives on each side, their ratio (the target: seg4j at
 * least 0.9x PyTorch), and the share of seg4j's step time spent waiting for the loader (the time
 * {@code TrainingLoop} spends in the loader's {@code next()}, summed over the timed steps, over their total time).
 *
 * <p>Options: {@code --repetitions} timed steps, {@code --threads} libtorch threads on both sides, {@code --data
 * KIND:PATH} replaces the config's training set. Parameters: {@code config=FILE}, {@code split=S} (with --data),
 * {@code warmup=3} untimed steps, {@code batch}, {@code crop=W[xH]}, {@code workers} (loader threads; default the
 * config's), {@code python=/usr/bin/python3}. When the config's data set is missing (no {@code ../shared}), the two
 * bundled ISBI slices of {@code demo/isbi} are used, repeated to 20 samples per epoch as the preset's 20 slices.
 */
public final class TrainBench implements Benchmark {
    static final String DEFAULT_CONFIG = "configs/isbi-unet.json";
    static final String SCRIPT = "tools/bench/unet_train_step.py";
    private static final String DEMO = "demo/isbi";
    /** The demo's slices are repeated to this many samples per epoch, as the ISBI preset's 20 training slices. */
    private static final int DEMO_EPOCH = 20;
    private static final Duration PYTHON_TIMEOUT = Duration.ofMinutes(30);

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String description() {
        return "U-Net training steps (TrainingLoop + PrefetchLoader, ISBI preset) vs the same step in PyTorch, images/s";
    }

    /** One timed side: the median step and the images it trains on. */
    record Side(double medianMs, int images) {
        double imagesPerSecond() {
            return images / (medianMs / 1e3);
        }
    }

    @Override
    public void run(BenchOptions options, PrintWriter out) {
        EngineThreads.request(options.threads());
        Path configFile = configFile(options);
        int warmup = BenchParams.nonNegative(options, "warmup", 3);
        int steps = options.repetitions();
        if (steps < 1) {
            throw new BadInputException(null, "--repetitions (timed steps) must be at least 1, got " + steps);
        }
        ObjectNode json = TrainConfigFiles.resolve(configFile);
        ObjectNode data = json.withObjectProperty("data");
        String source = options.data();
        if (source != null) {
            data.put("train", source);
            data.put("trainSplit", options.param("split", null));
        }
        if (options.params().containsKey("batch")) {
            data.put("batchSize", BenchParams.positive(options, "batch", 0));
        }
        if (options.params().containsKey("workers")) {
            data.put("workers", BenchParams.nonNegative(options, "workers", 0));
        }
        if (options.params().containsKey("crop")) {
            int[] crop = BenchParams.size(options, "crop", "");
            data.putArray("crop").add(crop[0]).add(crop[1]);
        }
        data.putNull("val");
        json.withObjectProperty("schedule").put("steps", (long) warmup + steps);
        boolean demo = source == null && !exists(data.path("train").asText());
        String configured = data.path("train").asText();
        if (demo) {
            Path dir = RepositoryFiles.find(DEMO);
            if (dir == null) {
                throw new BadInputException(null, configured + " is missing and so is the bundled " + DEMO
                        + "; pass --data KIND:PATH");
            }
            data.put("train", "folder:" + dir);
            data.putNull("trainSplit");
        }
        TrainConfig config = TrainConfigFiles.fromJson(json, configFile);
        check(config, configFile);
        TrainConfig.Data d = config.data();
        SegmentationDataset train = Datasets.open(d.train(), TrainingData.trainOptions(d));
        if (demo) {
            train = new RepeatedDataset(train, (DEMO_EPOCH + train.size() - 1) / train.size());
        }
        TrainingData trainingData = new TrainingData(config, train);
        int width = d.crop().get(0);
        int height = d.crop().get(1);
        int batch = d.batchSize();
        if (train.size() < batch) {
            throw new BadInputException(null, train.name() + " has " + train.size() + " samples, fewer than one"
                    + " batch of " + batch);
        }
        TrainConfig.Model model = config.model();
        OptimizerConfig opt = config.schedule().optimizerConfig();
        int classes = trainingData.labels().numClasses();
        out.printf("train: the model and data of %s: %s %s, %d classes; input %dx%dx%dx%d (batch x channels x"
                + " height x width); %s lr %s, weight decay %s; median of %d steps after %d warm-up steps%n",
                configFile, model.architecture(), new java.util.TreeMap<>(model.options()), classes, batch,
                model.inChannels(), height, width, opt.kind(), config.schedule().lr(), opt.weightDecay(), steps,
                warmup);
        out.printf("  machine: %s%n", Machine.describe());
        out.printf("  MALLOC_MMAP_THRESHOLD_=%s (both sides)%n", System.getenv().getOrDefault(
                "MALLOC_MMAP_THRESHOLD_", "unset"));
        if (demo) {
            out.printf("  %s not found; training on the bundled demo slices instead%n", configured);
        }
        out.printf("  seg4j data: %s, %d samples per epoch; %s; %d loader workers%n", train.name(), train.size(),
                augmentation(d), d.workers());
        out.flush();
        Side torch = pytorch(options, config, classes, warmup, steps, trainingData.labels().ignoreIndex(), out);
        Seg4jRun mine = seg4j(config, trainingData, warmup, out);
        out.printf("  seg4j: DJL %s, libtorch %s, %d threads; %d parameters%n", Engine.getDjlVersion(),
                Engine.getEngine("PyTorch").getVersion(), EngineThreads.actual(), mine.parameters());
        out.printf("  %-8s %12s %10s%n", "side", "step ms", "images/s");
        out.printf("  %-8s %12.1f %10.2f%n", "seg4j", mine.side().medianMs(), mine.side().imagesPerSecond());
        if (torch != null) {
            out.printf("  %-8s %12.1f %10.2f%n", "PyTorch", torch.medianMs(), torch.imagesPerSecond());
            out.printf("  ratio (seg4j images/s / PyTorch images/s): %.2fx (target >= 0.9x)%n",
                    mine.side().imagesPerSecond() / torch.imagesPerSecond());
        }
        out.printf("  seg4j waiting for data: %.1f%% of the step time over the %d timed steps (longest wait %.1f ms;"
                + " target: the loader never the bottleneck); all timed steps together: %.2f images/s%n",
                100 * mine.waitShare(), steps, mine.longestWaitMs(), mine.overallImagesPerSecond());
        out.flush();
    }

    /** seg4j's timed steps: the median, the loader's share, the parameter count. */
    record Seg4jRun(Side side, double waitShare, double longestWaitMs, double overallImagesPerSecond,
            long parameters) {
    }

    private static Seg4jRun seg4j(TrainConfig config, TrainingData data, int warmup, PrintWriter out) {
        TrainConfig.Model m = config.model();
        TrainConfig.Schedule s = config.schedule();
        int images = config.data().batchSize() * s.accumulate();
        StepTimes times = new StepTimes(images, warmup);
        try (NDManager manager = NDManager.newBaseManager();
                PrefetchLoader loader = data.loader();
                ParameterOptimizer optimizer = new ParameterOptimizer(s.optimizerConfig(), manager)) {
            Block block = ModelRegistry.standard().create(m.architecture(), new ModelArgs(data.labels().numClasses(),
                    m.inChannels(), m.options()));
            Engine.getInstance().setRandomSeed(s.seed().intValue());
            int[] size = data.inputSize();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, m.inChannels(), size[1], size[0]));
            long parameters = 0;
            for (Map.Entry<String, Parameter> p : StateDictNames.parameters(block).entrySet()) {
                if (p.getValue().requiresGradient()) {
                    parameters += p.getValue().getArray().size();
                }
            }
            TrainingLoop loop = new TrainingLoop(block, new SegmentationLoss(data.labels().ignoreIndex(),
                    data.classWeights(), s.diceWeight()), optimizer, s.learningRate(), s.accumulate(), s.seed(),
                    manager, List.of(times));
            loop.run(loader, new TrainingLoop.Position(0, 0, 0), at -> false);
            return new Seg4jRun(new Side(times.medianMs(), images), times.waitShare(), times.longestWaitMs(),
                    times.overallImagesPerSecond(), parameters);
        }
    }

    /** The PyTorch side's median, or null (with the reason printed) when it cannot run. */
    private static Side pytorch(BenchOptions options, TrainConfig config, int classes, int warmup, int steps,
            int ignoreIndex, PrintWriter out) {
        String python = options.param("python", "/usr/bin/python3");
        Path file = RepositoryFiles.find(SCRIPT);
        if (file == null) {
            out.printf("  PyTorch reference skipped: no %s in %s or its parents%n", SCRIPT,
                    Path.of("").toAbsolutePath());
            return null;
        }
        PythonScript script = PythonScript.file(python, file);
        ReferenceProcess.Result version = script.run(Duration.ofMinutes(2), List.of("version"));
        String[] torch = version.ok() ? version.fields("torch") : null;
        if (torch == null) {
            out.printf("  PyTorch reference skipped: %s%n", version.ok() ? "no torch version printed"
                    : version.failure());
            return null;
        }
        TrainConfig.Data d = config.data();
        TrainConfig.Schedule s = config.schedule();
        OptimizerConfig opt = s.optimizerConfig();
        List<String> args = new ArrayList<>(List.of("" + config.model().inChannels(), "" + classes,
                "" + d.crop().get(1), "" + d.crop().get(0), "" + d.batchSize(), "" + options.threads(), "" + warmup,
                "" + steps, opt.kind(), "" + s.lr(), "" + opt.momentum(), "" + opt.weightDecay(), "" + ignoreIndex));
        config.model().options().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> args.add(e.getKey() + "=" + e.getValue()));
        ReferenceProcess.Result r = script.run(PYTHON_TIMEOUT, args);
        if (!r.ok()) {
            out.printf("  PyTorch reference skipped: %s%n", r.failure());
            return null;
        }
        out.printf("  PyTorch: %s %s, torch %s, %d threads (torch.set_num_threads); %s parameters; one in-memory"
                + " batch, no data loading%n", python, file, torch[0], options.threads(), r.fields("parameters")[0]);
        out.flush();
        return new Side(Double.parseDouble(r.fields("step")[0]), d.batchSize());
    }

    private static void check(TrainConfig config, Path file) {
        if (!config.model().architecture().equals("unet")) {
            throw new BadInputException(file, "seg4j bench train times U-Net; this config's architecture is "
                    + config.model().architecture());
        }
        if (config.data().crop() == null) {
            throw new BadInputException(file, "needs data.crop (the training input size); pass -P crop=WxH");
        }
        TrainConfig.Schedule s = config.schedule();
        if (s.accumulate() != 1 || s.diceWeight() != 0 || !"none".equals(String.valueOf(s.classWeights()))) {
            throw new BadInputException(file, "the PyTorch reference times plain cross-entropy, one batch per step:"
                    + " schedule.accumulate must be 1, diceWeight 0 and classWeights none");
        }
    }

    private static Path configFile(BenchOptions options) {
        String given = options.param("config", null);
        if (given != null) {
            return Path.of(given);
        }
        Path found = RepositoryFiles.find(DEFAULT_CONFIG);
        if (found == null) {
            throw new BadInputException(null, "no " + DEFAULT_CONFIG + " in " + Path.of("").toAbsolutePath()
                    + " or its parents; pass -P config=FILE");
        }
        return found;
    }

    /** Whether the folder or file of a {@code KIND:PATH} data set exists. */
    private static boolean exists(String kindAndPath) {
        int colon = kindAndPath.indexOf(':');
        return colon > 0 && Files.exists(Path.of(kindAndPath.substring(colon + 1)));
    }

    private static String augmentation(TrainConfig.Data d) {
        List<String> steps = new ArrayList<>();
        if (d.elastic()) {
            steps.add("elastic deformation");
        }
        if (d.scale() != null) {
            steps.add("scale " + d.scale().get(0) + "-" + d.scale().get(1));
        }
        steps.add("crop " + d.crop().get(0) + "x" + d.crop().get(1));
        if (d.flip()) {
            steps.add("flip");
        }
        if (d.rotate90()) {
            steps.add("quarter turns");
        }
        if (d.photometric()) {
            steps.add("photometric");
        }
        steps.add("normalisation mean " + d.mean() + " std " + d.std());
        return String.join(", ", steps);
    }

    /** Collects the step reports of the loop, from which step times and data waits follow. */
    static final class StepTimes implements TrainingListener {
        private final int images;
        private final int warmup;
        private final List<double[]> timed = new ArrayList<>();
        private int seen;

        StepTimes(int images, int warmup) {
            this.images = images;
            this.warmup = warmup;
        }

        @Override
        public void onStep(Step step) {
            if (seen++ < warmup) {
                return;
            }
            double seconds = images / step.imagesPerSecond();
            timed.add(new double[] {seconds, seconds * step.dataWaitShare()});
        }

        double medianMs() {
            return 1e3 * Timing.median(timed.stream().mapToDouble(t -> t[0]).toArray());
        }

        double waitShare() {
            return timed.stream().mapToDouble(t -> t[1]).sum() / timed.stream().mapToDouble(t -> t[0]).sum();
        }

        double longestWaitMs() {
            return 1e3 * timed.stream().mapToDouble(t -> t[1]).max().orElse(0);
        }

        double overallImagesPerSecond() {
            return images * timed.size() / timed.stream().mapToDouble(t -> t[0]).sum();
        }
    }
}

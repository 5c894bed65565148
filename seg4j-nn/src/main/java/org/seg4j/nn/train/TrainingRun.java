package org.seg4j.nn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seg4j.BadInputException;
import org.seg4j.data.loader.PrefetchLoader;
import org.seg4j.io.AtomicFiles;
import org.seg4j.nn.engine.NativeLogLevel;
import org.seg4j.nn.io.BuildInfo;
import org.seg4j.nn.io.ModelCard;
import org.seg4j.nn.io.ModelFile;
import org.seg4j.nn.io.StateDicts;
import org.seg4j.nn.model.ModelArgs;
import org.seg4j.nn.model.ModelRegistry;

/**
 * A training run in its run directory: {@code config.json} (the merged config used), {@code log.jsonl} (the run log),
 * {@code checkpoint.safetensors} (resumable state, written atomically every {@code validation.checkpointEvery} steps
 * and at the end), {@code best.seg4j} (the model with the best validation mIoU so far), {@code final.seg4j} (the model
 * at the end) and {@code validation.json} (the last validation's metrics). {@link #resume} continues a killed run from
 * its checkpoint exactly where it stopped.
 */
public final class TrainingRun {
    public static final String CONFIG = "config.json";
    public static final String CHECKPOINT = "checkpoint.safetensors";
    public static final String BEST = "best.seg4j";
    public static final String FINAL = "final.seg4j";
    public static final String LOG = "log.jsonl";
    public static final String VALIDATION = "validation.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path dir;
    private final ObjectNode configJson;
    private final TrainConfig config;
    private final ModelRegistry registry;
    private final List<TrainingListener> listeners;

    private TrainingRun(Path dir, ObjectNode configJson, ModelRegistry registry, List<TrainingListener> listeners) {
        this.dir = dir;
        this.configJson = configJson;
        this.config = TrainConfigFiles.fromJson(configJson, dir.resolve(CONFIG));
        this.registry = registry;
        this.listeners = listeners;
        NativeLogLevel.apply(); // before the first batch is written to the engine
    }

    /** A new run in {@code dir} (which must not hold a run already) with the merged config of a config file. */
    public static TrainingRun create(Path configFile, Path dir, ModelRegistry registry,
            List<TrainingListener> listeners) {
        ObjectNode json = TrainConfigFiles.resolve(configFile);
        TrainConfigFiles.fromJson(json, configFile);
        if (Files.exists(dir.resolve(CHECKPOINT)) || Files.exists(dir.resolve(CONFIG))) {
            throw new BadInputException(dir, "already holds a training run; resume it with --resume " + dir
                    + " or choose another run directory");
        }
        AtomicFiles.writeString(dir.resolve(CONFIG), json.toPrettyString() + "\n");
        return new TrainingRun(dir, json, registry, listeners);
    }

    /** The run in {@code dir}, to be continued from its checkpoint (or started over if it has none yet). */
    public static TrainingRun resume(Path dir, ModelRegistry registry, List<TrainingListener> listeners) {
        Path config = dir.resolve(CONFIG);
        if (!Files.isRegularFile(config)) {
            throw new BadInputException(dir, "is not a training run directory (no " + CONFIG + ")");
        }
        return new TrainingRun(dir, TrainConfigFiles.resolve(config), registry, listeners);
    }

    public Path directory() {
        return dir;
    }

    public TrainConfig config() {
        return config;
    }

    /** Trains until the schedule's last step or early stopping; returns the final model file. */
    public Path run() {
        TrainingData data = new TrainingData(config);
        TrainingTask task = config.task().equals(TrainConfig.LOCALIZATION)
                ? new LocalizationTask(config, data) : new SegmentationTask(config, data);
        List<TrainingListener> all = new ArrayList<>(listeners);
        try (NDManager manager = NDManager.newBaseManager();
                RunLog log = new RunLog(dir.resolve(LOG), 10);
                PrefetchLoader loader = data.loader();
                ParameterOptimizer optimizer = new ParameterOptimizer(config.schedule().optimizerConfig(), manager)) {
            all.add(0, log);
            Block block = newBlock(data, task, manager);
            Checkpoint.State state = Files.exists(dir.resolve(CHECKPOINT))
                    ? Checkpoint.load(dir.resolve(CHECKPOINT), block, optimizer, manager)
                    : new Checkpoint.State(new TrainingLoop.Position(0, 0, 0), 0, Double.NaN, -1, 0, configJson);
            Progress progress = new Progress(state, manager);
            TrainingLoop loop = new TrainingLoop(block, task.objective(), optimizer,
                    config.schedule().learningRate(), config.schedule().accumulate(), config.schedule().seed(),
                    manager, all);
            TrainingLoop.Position end = loop.run(loader, state.position(),
                    at -> progress.after(at, block, optimizer, data, task, all));
            String reason = progress.stopped ? "early stopping" : "schedule finished";
            if (progress.lastValidated != end.step() && data.val() != null) {
                progress.validate(end, block, task, all);
            }
            if (progress.lastCheckpointed != end.step()) {
                progress.checkpoint(end, block, optimizer, all);
            }
            Path finalModel = dir.resolve(FINAL);
            ModelFile.save(finalModel, card(task, progress.lastMetrics), block, false);
            all.forEach(l -> l.onFinish(end.step(), reason));
            return finalModel;
        }
    }

    private Block newBlock(TrainingData data, TrainingTask task, NDManager manager) {
        TrainConfig.Model m = config.model();
        Block block = registry.create(m.architecture(), new ModelArgs(task.modelLabels().numClasses(),
                m.inChannels(), m.options()));
        Engine.getInstance().setRandomSeed(config.schedule().seed().intValue());
        int[] size = data.inputSize();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, m.inChannels(), size[1], size[0]));
        if (m.init() != null) {
            Path init = Path.of(m.init());
            StateDicts.load(block, ModelFile.read(init).requireArchitecture(m.architecture()).weights(), true,
                    k -> k);
        }
        task.prepare(block);
        return block;
    }

    private ModelCard card(TrainingTask task, ObjectNode metrics) {
        TrainConfig.Model m = config.model();
        ObjectNode training = MAPPER.createObjectNode();
        training.set("config", configJson);
        training.set("software", BuildInfo.software());
        return new ModelCard(m.architecture(), task.modelLabels().numClasses(), m.inChannels(), m.options(),
                task.modelLabels(), TrainingData.normalization(config.data()),
                new ModelCard.Provenance(config.data().train(), metrics, training), task.inputScale());
    }

    /** Validation, best-model and checkpoint bookkeeping between steps. */
    private final class Progress {
        double best;
        long bestStep;
        int stale;
        long lastValidated = -1;
        long lastCheckpointed = -1;
        ObjectNode lastMetrics;
        boolean stopped;

        final NDManager manager;

        Progress(Checkpoint.State state, NDManager manager) {
            this.manager = manager;
            this.best = state.bestMeanIoU();
            this.bestStep = state.bestStep();
            this.stale = state.staleValidations();
        }

        boolean after(TrainingLoop.Position at, Block block, ParameterOptimizer optimizer, TrainingData data,
                TrainingTask task, List<TrainingListener> all) {
            TrainConfig.Validation v = config.validation();
            if (data.val() != null && v.every() > 0 && at.step() % v.every() == 0) {
                validate(at, block, task, all);
                if (v.earlyStopPatience() > 0 && stale >= v.earlyStopPatience()) {
                    stopped = true;
                }
            }
            if (stopped || (v.checkpointEvery() > 0 && at.step() % v.checkpointEvery() == 0)) {
                checkpoint(at, block, optimizer, all);
            }
            return stopped;
        }

        void validate(TrainingLoop.Position at, Block block, TrainingTask task, List<TrainingListener> all) {
            TrainingTask.Validated result;
            try (NDManager scope = manager.newSubManager()) {
                result = task.validate(block, scope);
            }
            lastMetrics = result.metrics();
            lastValidated = at.step();
            boolean improved = Double.isNaN(best) || result.score() > best;
            if (improved) {
                best = result.score();
                bestStep = at.step();
                stale = 0;
                ModelFile.save(dir.resolve(BEST), card(task, lastMetrics), block, false);
            } else {
                stale++;
            }
            ObjectNode record = result.record().deepCopy();
            record.put("step", at.step());
            AtomicFiles.writeString(dir.resolve(VALIDATION), record.toPrettyString() + "\n");
            all.forEach(l -> l.onValidation(at.step(), lastMetrics, improved));
        }

        void checkpoint(TrainingLoop.Position at, Block block, ParameterOptimizer optimizer,
                List<TrainingListener> all) {
            Checkpoint.save(dir.resolve(CHECKPOINT), block, optimizer,
                    new Checkpoint.State(at, optimizer.steps(), best, bestStep, stale, configJson));
            lastCheckpointed = at.step();
            all.forEach(l -> l.onCheckpoint(at.step(), dir.resolve(CHECKPOINT)));
        }
    }
}

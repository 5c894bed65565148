package org.seg4j.nn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.seg4j.BadInputException;
import org.seg4j.data.loader.PrefetchLoader;
import org.seg4j.io.AtomicFiles;
import org.seg4j.nn.engine.NativeLogLevel;
import org.seg4j.nn.io.BuildInfo;
import org.seg4j.nn.io.ModelCard;
import org.seg4j.nn.io.ModelFile;
import org.seg4j.nn.io.NonFiniteWeightsException;
import org.seg4j.nn.io.StateDicts;
import org.seg4j.nn.model.ModelArgs;
import org.seg4j.nn.model.ModelRegistry;

/**
 * A training run in its run directory: {@code config.json} (the merged config used, its paths made absolute),
 * {@code log.jsonl} (the run log), {@code checkpoint.safetensors} (resumable state, written atomically every
 * {@code validation.checkpointEvery} steps, at the end and when the run is stopped), {@code best.seg4j} (the model
 * with the best validation mIoU so far), {@code final.seg4j} (the model at the end) and {@code validation.json} (the
 * last validation's metrics). {@link #resume} continues a killed run from its checkpoint exactly where it stopped.
 *
 * <p>Safety: the config, the data sets and the architecture are checked before the directory is created, so a
 * rejected config leaves nothing behind; the directory is locked ({@link RunDirectoryLock}) from before
 * {@code config.json} is written until {@link #close}, so a second process cannot train into it; temporary files
 * left by a killed write are removed when the run starts or resumes; no file is written with NaN or infinite
 * weights, and a run whose loss turns NaN or infinite stops with an error; {@link #requestStop} (e.g. from a SIGTERM
 * handler) ends the run after the current step with a checkpoint.
 */
public final class TrainingRun implements AutoCloseable {
    public static final String CONFIG = "config.json";
    public static final String CHECKPOINT = "checkpoint.safetensors";
    public static final String BEST = "best.seg4j";
    public static final String FINAL = "final.seg4j";
    public static final String LOG = "log.jsonl";
    public static final String VALIDATION = "validation.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What {@link #run} did: the model it wrote at the end (null when stopped), the step reached. */
    public record Outcome(Path model, long step, boolean stopped) {
    }

    private final Path dir;
    private final ObjectNode configJson;
    private final TrainConfig config;
    private final TrainingData data;
    private final TrainingTask task;
    private final Block block;
    private final List<TrainingListener> listeners;
    private RunDirectoryLock lock;
    private volatile boolean stopRequested;

    /** Checks everything that can be checked before training: the config, the data sets, the task, the model. */
    private TrainingRun(Path dir, ObjectNode configJson, Path source, ModelRegistry registry,
            List<TrainingListener> listeners) {
        this.dir = dir;
        this.configJson = configJson;
        this.config = TrainConfigFiles.fromJson(configJson, source);
        this.listeners = listeners;
        NativeLogLevel.apply(); // before the first batch is written to the engine
        try {
            this.data = new TrainingData(config);
            this.task = config.task().equals(TrainConfig.LOCALIZATION)
                    ? new LocalizationTask(config, data) : new SegmentationTask(config, data);
            TrainConfig.Model m = config.model();
            this.block = registry.create(m.architecture(), new ModelArgs(task.modelLabels().numClasses(),
                    m.inChannels(), m.options()));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source, e.getMessage(), e);
        }
    }

    /**
     * A new run in {@code dir} (which must not hold a run already) with the merged config of a config file. The
     * directory is created only once the config has been checked, and stays locked until {@link #close}.
     *
     * @throws BadInputException for a bad config, a directory holding a run, or one locked by another process
     */
    public static TrainingRun create(Path configFile, Path dir, ModelRegistry registry,
            List<TrainingListener> listeners) {
        ObjectNode json = TrainConfigFiles.withAbsolutePaths(TrainConfigFiles.resolve(configFile));
        TrainingRun run = new TrainingRun(dir, json, configFile, registry, listeners);
        run.lock = RunDirectoryLock.acquire(dir);
        try {
            if (Files.exists(dir.resolve(CHECKPOINT)) || Files.exists(dir.resolve(CONFIG))) {
                throw new BadInputException(dir, "already holds a training run; resume it with --resume " + dir
                        + " or choose another run directory");
            }
            removeTemporaryFiles(dir);
            AtomicFiles.writeString(dir.resolve(CONFIG), json.toPrettyString() + "\n");
            return run;
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /**
     * The run in {@code dir}, to be continued from its checkpoint (or started over if it has none yet); the directory
     * stays locked until {@link #close}.
     *
     * @throws BadInputException if the directory holds no run, its config is bad, or another process trains in it
     */
    public static TrainingRun resume(Path dir, ModelRegistry registry, List<TrainingListener> listeners) {
        Path config = dir.resolve(CONFIG);
        if (!Files.isRegularFile(config)) {
            throw new BadInputException(dir, "is not a training run directory (no " + CONFIG + "; a run stopped "
                    + "before writing it has nothing to resume: start it again with --config FILE --run-dir " + dir
                    + ")");
        }
        RunDirectoryLock lock = RunDirectoryLock.acquire(dir);
        try {
            TrainingRun run = new TrainingRun(dir, TrainConfigFiles.resolve(config), config, registry, listeners);
            run.lock = lock;
            removeTemporaryFiles(dir);
            return run;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Deletes the hidden temporary files ({@link AtomicFiles}) a killed write left; the caller holds the lock. */
    private static void removeTemporaryFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(f)) {
                    Files.delete(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the run directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Asks the run to stop after the step in progress: it writes a checkpoint there, skips the final validation and
     * model, and {@link #run} returns. Safe to call from any thread (e.g. a shutdown hook).
     */
    public void requestStop() {
        stopRequested = true;
    }

    public Path directory() {
        return dir;
    }

    public TrainConfig config() {
        return config;
    }

    /**
     * Trains until the schedule's last step, early stopping or {@link #requestStop}.
     *
     * @throws BadInputException if the loss or the weights turn NaN or infinite (diverged training; nothing is
     *     written from then on, the last checkpoint and best model keep finite weights)
     */
    public Outcome run() {
        List<TrainingListener> all = new ArrayList<>(listeners);
        try (NDManager manager = NDManager.newBaseManager();
                PrefetchLoader loader = data.loader();
                ParameterOptimizer optimizer = new ParameterOptimizer(config.schedule().optimizerConfig(), manager)) {
            initialize(manager);
            Checkpoint.State state = Files.exists(dir.resolve(CHECKPOINT))
                    ? Checkpoint.load(dir.resolve(CHECKPOINT), block, optimizer, manager)
                    : new Checkpoint.State(new TrainingLoop.Position(0, 0, 0), 0, Double.NaN, -1, 0, configJson);
            RunLog.truncateAfter(dir.resolve(LOG), state.position().step());
            try (RunLog log = new RunLog(dir.resolve(LOG), 10)) {
                all.add(0, log);
                return train(state, manager, loader, optimizer, all);
            }
        } catch (TrainingDivergedException | NonFiniteWeightsException e) {
            throw new BadInputException(dir.resolve(CONFIG), e.getMessage() + "; lower schedule.lr (or check the "
                    + "data); nothing was saved after that, so " + CHECKPOINT + " and " + BEST
                    + " hold the last finite weights, if any", e);
        }
    }

    private Outcome train(Checkpoint.State state, NDManager manager, PrefetchLoader loader,
            ParameterOptimizer optimizer, List<TrainingListener> all) {
        Progress progress = new Progress(state, manager);
        TrainingLoop loop = new TrainingLoop(block, task.objective(), optimizer, config.schedule().learningRate(),
                config.schedule().accumulate(), config.schedule().seed(), manager, all);
        TrainingLoop.Position end = loop.run(loader, state.position(),
                at -> progress.after(at, block, optimizer, data, task, all));
        boolean stopped = stopRequested && !progress.stopped
                && (progress.abandoned || end.step() < config.schedule().learningRate().totalSteps());
        if (!stopped && progress.lastValidated != end.step() && data.val() != null) {
            progress.validate(end, block, task, all);
        }
        if (progress.lastCheckpointed != end.step() && !progress.abandoned) {
            progress.checkpoint(end, block, optimizer, all);
        }
        if (stopped) {
            all.forEach(l -> l.onFinish(end.step(), "stopped"));
            return new Outcome(null, end.step(), true);
        }
        Path finalModel = dir.resolve(FINAL);
        ModelFile.save(finalModel, card(task, progress.lastMetrics), block, false);
        all.forEach(l -> l.onFinish(end.step(), progress.stopped ? "early stopping" : "schedule finished"));
        return new Outcome(finalModel, end.step(), false);
    }

    private void initialize(NDManager manager) {
        TrainConfig.Model m = config.model();
        Engine.getInstance().setRandomSeed(config.schedule().seed().intValue());
        int[] size = data.inputSize();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, m.inChannels(), size[1], size[0]));
        if (m.init() != null) {
            Path init = Path.of(m.init());
            StateDicts.load(block, ModelFile.read(init).requireArchitecture(m.architecture()).weights(), true,
                    k -> k);
        }
        task.prepare(block);
    }

    /** Releases the run directory's lock. */
    @Override
    public void close() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
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
        boolean abandoned;

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
            boolean validationDue = data.val() != null && v.every() > 0 && at.step() % v.every() == 0;
            if (stopRequested && validationDue) {
                // a validation can take minutes: abandon this step; the resumed run redoes it from the last
                // checkpoint, validating exactly where an uninterrupted run does
                abandoned = true;
                return true;
            }
            if (validationDue) {
                validate(at, block, task, all);
                if (v.earlyStopPatience() > 0 && stale >= v.earlyStopPatience()) {
                    stopped = true;
                }
            }
            if (stopped || (v.checkpointEvery() > 0 && at.step() % v.checkpointEvery() == 0)) {
                checkpoint(at, block, optimizer, all);
            }
            return stopped || stopRequested;
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

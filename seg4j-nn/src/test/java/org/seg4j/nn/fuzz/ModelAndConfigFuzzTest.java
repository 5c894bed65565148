package org.seg4j.nn.fuzz;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.io.ModelFile;
import org.seg4j.nn.io.Safetensors;
import org.seg4j.nn.model.ModelRegistry;
import org.seg4j.nn.train.Checkpoint;
import org.seg4j.nn.train.OptimizerConfig;
import org.seg4j.nn.train.ParameterOptimizer;
import org.seg4j.nn.train.TrainConfigFiles;
import org.seg4j.nn.train.TrainingLoop;
import org.seg4j.testing.Fuzz;
import org.seg4j.testing.SharedData;
import org.seg4j.testing.TestFiles;

/**
 * Fuzzes the parsers of seg4j-nn's untrusted input (model files, training checkpoints, training configs) with
 * mutations of real files, as {@code CoreParsersFuzzTest} does for seg4j-core. Figures in docs/security.md.
 */
class ModelAndConfigFuzzTest {
    private static final List<byte[]> MODELS = List.of(Fuzz.repositoryFile("models/camvid-car-localizer.seg4j"),
            Fuzz.repositoryFile("models/camvid-segnet-basic.seg4j"));
    private static final ModelRegistry REGISTRY = ModelRegistry.standard();
    /** The segmentation models' JSON headers and tensor bytes, apart. */
    private static final List<byte[]> MODEL_HEADERS = new ArrayList<>();
    private static final List<byte[]> MODEL_DATA = new ArrayList<>();

    static {
        for (String name : new String[] {"camvid-segnet-basic.seg4j", "camvid-unet.seg4j"}) {
            byte[] file = Fuzz.repositoryFile("models/" + name);
            int length = (int) ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            MODEL_HEADERS.add(Arrays.copyOfRange(file, 8, 8 + length));
            MODEL_DATA.add(Arrays.copyOfRange(file, 8 + length, file.length));
        }
    }

    private static Path dir;
    private static List<byte[]> configs;
    private static List<byte[]> checkpointSeeds;
    private static NDManager manager;
    private static Block checkpointNet;

    @BeforeAll
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("seg4j-fuzz");
        manager = NDManager.newBaseManager();
        Path configDir = SharedData.repoRoot().resolve("configs");
        configs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(configDir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Path target = dir.resolve("configs").resolve(configDir.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
                if (p.getParent().equals(configDir)) {
                    configs.add(Files.readAllBytes(p));
                }
            }
        }
        // a checkpoint as training writes it: a small network's weights, SGD momentum, the run's position and config
        checkpointNet = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                .add(Activation.reluBlock())
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build());
        checkpointNet.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));
        Path seed = dir.resolve("seed-checkpoint.seg4j");
        try (ParameterOptimizer optimizer = new ParameterOptimizer(OptimizerConfig.sgd(0.9, 5e-4), manager)) {
            ObjectNode config = TrainConfigFiles.resolve(configDir.resolve("camvid-unet.json"));
            Checkpoint.save(seed, checkpointNet, optimizer, new Checkpoint.State(new TrainingLoop.Position(40, 2, 3),
                    40, 0.41, 30, 1, config));
        }
        checkpointSeeds = List.of(Files.readAllBytes(seed));
    }

    @AfterAll
    static void tearDown() {
        manager.close();
        TestFiles.deleteTree(dir);
    }

    /** A whole model file mutated: the safetensors structure, the card and every tensor's values read. */
    @Test
    void modelFiles() {
        Fuzz.run("model files", 1310, MODELS, false, dir.resolve("model.seg4j"), file -> {
            Safetensors weights = ModelFile.read(file).weights();
            for (String name : weights.names()) {
                if (weights.tensor(name).dtype().isFloat()) {
                    weights.tensor(name).toFloats();
                }
            }
        });
    }

    /**
     * The JSON header alone mutated (tensor entries and model card), the length prefix fitted to it, the tensor bytes
     * kept: the model is opened as {@code predict --model} opens it, its network built and its weights loaded.
     * Mutations of the whole file fall mostly on tensor bytes, which this reaches past.
     */
    @Test
    void modelHeaders() {
        Fuzz.run("model headers", 1313, MODEL_HEADERS.size(), false, m -> {
            byte[] header = m.apply(MODEL_HEADERS);
            byte[] data = MODEL_DATA.get(m.seed());
            return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(header.length).put(header).put(data).array();
        }, dir.resolve("model-header.seg4j"), path -> SegmentationModel.open(path, REGISTRY).close());
    }

    @Test
    void checkpoints() {
        Fuzz.run("checkpoints", 1311, checkpointSeeds, false, dir.resolve("checkpoint.seg4j"), file -> {
            try (NDManager scope = manager.newSubManager();
                    ParameterOptimizer optimizer = new ParameterOptimizer(OptimizerConfig.sgd(0.9, 5e-4), scope)) {
                Checkpoint.load(file, checkpointNet, optimizer, scope);
            }
        });
    }

    /** A run config beside the repository's model, data and schedule files, so its "extends" resolve. */
    @Test
    void trainConfigs() {
        Fuzz.run("training configs", 1312, configs, false, dir.resolve("configs/fuzz.json"), TrainConfigFiles::read);
    }
}

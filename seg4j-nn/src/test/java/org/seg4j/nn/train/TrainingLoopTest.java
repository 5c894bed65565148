package org.seg4j.nn.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.data.Sample;
import org.seg4j.data.SampleReader;
import org.seg4j.data.SegmentationDataset;
import org.seg4j.data.loader.IndexOrder;
import org.seg4j.data.loader.PrefetchLoader;
import org.seg4j.image.LabelMap;
import org.seg4j.image.Normalization;
import org.seg4j.image.RgbImage;
import org.seg4j.label.BuiltinLabelSpecs;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;

class TrainingLoopTest {
    /** Random colour blobs; a pixel is foreground where its red channel exceeds its green one. */
    static final class RedOverGreen implements SegmentationDataset {
        private final int size;
        private final long seed;

        RedOverGreen(int size, long seed) {
            this.size = size;
            this.seed = seed;
        }

        @Override
        public String name() {
            return "red-over-green";
        }

        @Override
        public LabelSpec labelSpec() {
            return BuiltinLabelSpecs.binary();
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public String id(int index) {
            return "s" + index;
        }

        @Override
        public Sample load(int index) {
            Random r = new Random(seed * 1000 + index);
            RgbImage img = RgbImage.blank(24, 16);
            for (int b = 0; b < 6; b++) {
                int color = r.nextInt(1 << 24);
                int x0 = r.nextInt(20);
                int y0 = r.nextInt(12);
                for (int y = y0; y < Math.min(16, y0 + 2 + r.nextInt(8)); y++) {
                    for (int x = x0; x < Math.min(24, x0 + 2 + r.nextInt(10)); x++) {
                        img.set(x, y, color);
                    }
                }
            }
            LabelMap label = new LabelMap(24, 16, new byte[24 * 16]);
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 24; x++) {
                    label.set(x, y, img.get(x, y, 0) > img.get(x, y, 1) ? 1 : 0);
                }
            }
            return new Sample(id(index), img, label, List.of(), null, null);
        }
    }

    static Block tinyNet() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                .add(Activation.reluBlock())
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build());
    }

    @Test
    void aTinyNetworkLearnsAPixelRuleAndMemoryStaysFlat() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = tinyNet();
            ai.djl.engine.Engine.getInstance().setRandomSeed(5);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 24));
            Normalization norm = new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});
            List<Double> losses = new ArrayList<>();
            List<Integer> liveArrays = new ArrayList<>();
            try (PrefetchLoader loader = PrefetchLoader.builder(new SampleReader(new RedOverGreen(64, 1),
                    SampleReader.OnBadSample.FAIL)).setBatchSize(8).optOrder(IndexOrder.shuffled(3))
                    .optNormalization(norm).optWorkers(1).build();
                    ParameterOptimizer opt = new ParameterOptimizer(OptimizerConfig.adam(0), manager)) {
                TrainingListener record = new TrainingListener() {
                    @Override
                    public void onStep(Step s) {
                        losses.add(s.loss());
                        liveArrays.add(manager.getManagedArrays().size());
                    }
                };
                TrainingLoop loop = new TrainingLoop(net, new SegmentationLoss(254, null, 0), opt,
                        new LearningRateSchedule("constant", 0.02, 120, 0, 0, 0, 0, 0, 1), 2, 9, manager,
                        List.of(record));
                TrainingLoop.Position end = loop.run(loader, new TrainingLoop.Position(0, 0, 0), p -> false);
                assertThat(end.step()).isEqualTo(120);
                assertThat(end.epoch()).isEqualTo(29); // 64 samples = 8 batches = 4 steps of 2 batches per epoch
            }
            double first = losses.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double last = losses.subList(losses.size() - 5, losses.size()).stream().mapToDouble(Double::doubleValue)
                    .average().orElseThrow();
            assertThat(last).isLessThan(first * 0.3);
            // no arrays pile up step after step
            assertThat(liveArrays.get(liveArrays.size() - 1)).isLessThanOrEqualTo(liveArrays.get(10));
            // the trained network labels unseen images almost perfectly
            Segmenter seg = Segmenter.of(SegmentationModel.of(net, BuiltinLabelSpecs.binary(), norm, 1, () -> { }));
            RedOverGreen test = new RedOverGreen(20, 99);
            long right = 0;
            long all = 0;
            for (int i = 0; i < test.size(); i++) {
                Sample s = test.load(i);
                byte[] pred = seg.segment(s.image()).labels().data();
                for (int p = 0; p < pred.length; p++) {
                    right += pred[p] == s.label().data()[p] ? 1 : 0;
                    all++;
                }
            }
            assertThat((double) right / all).isGreaterThan(0.97);
        }
    }

    @TempDir
    Path tmp;

    private static float[] trainWeights(Block net, NDManager manager, long from, long to, Path resumeFrom,
            Path saveTo) {
        Normalization norm = new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});
        try (PrefetchLoader loader = PrefetchLoader.builder(new SampleReader(new RedOverGreen(20, 1),
                SampleReader.OnBadSample.FAIL)).setBatchSize(6).optOrder(IndexOrder.shuffled(3))
                .optNormalization(norm).optWorkers(2).build();
                ParameterOptimizer opt = new ParameterOptimizer(OptimizerConfig.sgd(0.9, 1e-3), manager)) {
            TrainingLoop.Position start = new TrainingLoop.Position(0, 0, 0);
            if (resumeFrom != null) {
                start = Checkpoint.load(resumeFrom, net, opt, manager).position();
            }
            TrainingLoop loop = new TrainingLoop(net, new SegmentationLoss(254, null, 0), opt,
                    LearningRateSchedule.poly(0.05, to, 0.9), 1, 9, manager, List.of());
            TrainingLoop.Position end = loop.run(loader, start, p -> p.step() == from);
            if (saveTo != null) {
                Checkpoint.save(saveTo, net, opt, new Checkpoint.State(end, opt.steps(), 0.5, 3, 0,
                        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()));
            }
        }
        return org.seg4j.nn.io.StateDicts.writer(net, false) == null ? null
                : net.getParameters().valueAt(0).getArray().toFloatArray();
    }

    @Test
    void aRunResumedFromItsCheckpointEndsWithTheSameWeights() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block straight = tinyNet();
            ai.djl.engine.Engine.getInstance().setRandomSeed(5);
            straight.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 24));
            Path initial = tmp.resolve("initial.safetensors");
            org.seg4j.nn.io.StateDicts.save(straight, initial, false);
            float[] uninterrupted = trainWeights(straight, manager, -1, 25, null, null);

            Block first = tinyNet();
            first.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 24));
            org.seg4j.nn.io.StateDicts.load(first, initial, true);
            Path ckpt = tmp.resolve("ckpt.safetensors");
            trainWeights(first, manager, 11, 25, null, ckpt);   // stops after step 11 (epoch 1, mid-epoch)

            Block resumed = tinyNet();
            resumed.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 24));
            float[] afterResume = trainWeights(resumed, manager, -1, 25, ckpt, null);
            assertThat(afterResume).containsExactly(uninterrupted);
        }
    }
}

package org.seg4j.data.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.seg4j.BadInputException;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.Sample;
import org.seg4j.data.SampleReader;
import org.seg4j.data.SampleReader.OnBadSample;
import org.seg4j.data.SegmentationDataset;
import org.seg4j.data.augment.AugmentationPipeline;
import org.seg4j.data.augment.HorizontalFlip;
import org.seg4j.data.augment.PhotometricDistortion;
import org.seg4j.data.augment.RandomCrop;
import org.seg4j.data.augment.RandomScale;
import org.seg4j.image.LabelMap;
import org.seg4j.image.Normalization;
import org.seg4j.image.RgbImage;
import org.seg4j.label.BuiltinLabelSpecs;
import org.seg4j.label.LabelSpec;

class PrefetchLoaderTest {
    private static final int N = 19;

    /**
     * Samples of varying size with noise images, labels 0..10 and one box; {@code bad} indices fail like a corrupt
     * file; loading sleeps a random 0-2 ms so that worker timing varies from run to run.
     */
    private record Synthetic(Set<Integer> bad) implements SegmentationDataset {
        @Override
        public String name() {
            return "synthetic";
        }

        @Override
        public LabelSpec labelSpec() {
            return BuiltinLabelSpecs.camvid();
        }

        @Override
        public int size() {
            return N;
        }

        @Override
        public String id(int index) {
            return "s" + index;
        }

        @Override
        public Sample load(int index) {
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (bad.contains(index)) {
                throw new BadInputException(Path.of("bad", index + ".png"), "corrupt or truncated image");
            }
            int w = 30 + index % 7;
            int h = 20 + index % 5;
            SplittableRandom r = new SplittableRandom(index);
            byte[] rgb = new byte[3 * w * h];
            byte[] lab = new byte[w * h];
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = (byte) r.nextInt(256);
            }
            for (int i = 0; i < lab.length; i++) {
                lab[i] = (byte) r.nextInt(11);
            }
            return new Sample(id(index), new RgbImage(w, h, rgb), new LabelMap(w, h, lab),
                    List.of(new ObjectBox(new Box(2, 2, 20, 15), index % 11, false)), Path.of(id(index) + ".png"),
                    null);
        }
    }

    private static AugmentationPipeline pipeline() {
        return AugmentationPipeline.of(2024, new RandomScale(0.8, 1.5), new RandomCrop(32, 24, 11, 0, 1.0),
                new HorizontalFlip(), new PhotometricDistortion());
    }

    private static PrefetchLoader loader(SegmentationDataset ds, OnBadSample policy, int workers) {
        return PrefetchLoader.builder(new SampleReader(ds, policy)).setBatchSize(4)
                .optOrder(IndexOrder.shuffled(7)).optPipeline(pipeline()).optWorkers(workers).build();
    }

    private static List<Batch> drain(Iterator<Batch> it) {
        List<Batch> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static List<List<Batch>> twoEpochs(int workers) {
        try (PrefetchLoader l = loader(new Synthetic(Set.of()), OnBadSample.FAIL, workers)) {
            return List.of(drain(l.epoch(0)), drain(l.epoch(1)));
        }
    }

    private static void assertSameBatches(List<Batch> a, List<Batch> b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).indices()).containsExactly(a.get(i).indices());
            assertThat(b.get(i).ids()).isEqualTo(a.get(i).ids());
            assertThat(b.get(i).images()).containsExactly(a.get(i).images());
            assertThat(b.get(i).labels()).containsExactly(a.get(i).labels());
            assertThat(b.get(i).boxes()).isEqualTo(a.get(i).boxes());
        }
    }

    private static int[] indicesOf(List<Batch> batches) {
        return batches.stream().flatMapToInt(b -> Arrays.stream(b.indices())).toArray();
    }

    @Test
    void anEpochResumedAtItsPositionContinuesWithTheSameBatches() {
        try (PrefetchLoader l = loader(new Synthetic(Set.of(5)), OnBadSample.SKIP, 2)) {
            PrefetchLoader.EpochBatches it = l.epoch(1);
            assertThat(it.position()).isZero();
            it.next();
            it.next();
            int position = it.position();
            assertThat(position).isBetween(8, 9); // 8 samples, plus the skipped one if it came early
            List<Batch> rest = drain(it);
            assertThat(it.position()).isEqualTo(N);
            PrefetchLoader.EpochBatches resumed = l.epoch(1, position);
            assertSameBatches(rest, drain(resumed));
        }
    }

    @Test
    void batchesAreIdenticalWithZeroOneAndTwoWorkersAndMatchANaiveSequentialRun() {
        List<List<Batch>> sync = twoEpochs(0);
        List<List<Batch>> one = twoEpochs(1);
        List<List<Batch>> two = twoEpochs(2);
        for (int e = 0; e < 2; e++) {
            assertSameBatches(sync.get(e), one.get(e));
            assertSameBatches(sync.get(e), two.get(e));
        }
        // the naive truth: load, augment with (epoch, index), normalise, one sample at a time
        Synthetic ds = new Synthetic(Set.of());
        for (int e = 0; e < 2; e++) {
            List<Batch> batches = two.get(e);
            assertThat(batches).extracting(Batch::size).containsExactly(4, 4, 4, 4, 3);
            int[] order = IndexOrder.shuffled(7).indices(N, e);
            assertThat(indicesOf(batches)).containsExactly(order);
            int k = 0;
            for (Batch b : batches) {
                assertThat(b.width()).isEqualTo(32);
                assertThat(b.height()).isEqualTo(24);
                for (int n = 0; n < b.size(); n++, k++) {
                    Sample s = pipeline().apply(ds.load(order[k]), e, order[k]);
                    float[] chw = Normalization.imagenet().toChw(s.image());
                    assertThat(Arrays.copyOfRange(b.images(), n * chw.length, (n + 1) * chw.length))
                            .containsExactly(chw);
                    assertThat(Arrays.copyOfRange(b.labels(), n * 32 * 24, (n + 1) * 32 * 24))
                            .containsExactly(s.label().data());
                    assertThat(b.label(n, 5, 7)).isEqualTo(s.label().get(5, 7));
                    assertThat(b.boxes().get(n)).isEqualTo(s.boxes());
                    assertThat(b.ids().get(n)).isEqualTo("s" + order[k]);
                }
            }
        }
    }

    @Test
    void everyIndexAppearsOncePerEpochInANewOrderEachEpoch() {
        List<List<Batch>> two = twoEpochs(2);
        int[] e0 = indicesOf(two.get(0));
        int[] e1 = indicesOf(two.get(1));
        assertThat(e0).containsExactlyInAnyOrder(IntStream.range(0, N).toArray());
        assertThat(e1).containsExactlyInAnyOrder(IntStream.range(0, N).toArray());
        assertThat(e0).isNotEqualTo(e1);
        assertThat(e0).isNotEqualTo(IntStream.range(0, N).toArray());

        try (PrefetchLoader l = PrefetchLoader.builder(new SampleReader(new Synthetic(Set.of()), OnBadSample.FAIL))
                .setBatchSize(4).optPipeline(pipeline()).optDropLast(true).optWorkers(2).build()) {
            List<Batch> seq = drain(l.epoch(0));
            assertThat(indicesOf(seq)).containsExactly(IntStream.range(0, 16).toArray());
        }
    }

    @Test
    void aWorkersBadInputReachesTheConsumerUnderFail() {
        try (PrefetchLoader l = loader(new Synthetic(Set.of(5)), OnBadSample.FAIL, 2)) {
            Iterator<Batch> it = l.epoch(0);
            assertThatThrownBy(() -> drain(it)).isInstanceOf(BadInputException.class)
                    .hasMessage(Path.of("bad", "5.png") + ": corrupt or truncated image")
                    .hasCauseInstanceOf(BadInputException.class);
            assertThat(it.hasNext()).isFalse();
        }
    }

    @Test
    void badSamplesAreSkippedUnderSkipAndTheNextOnesTakeTheirPlace() {
        Synthetic ds = new Synthetic(Set.of(5, 11));
        SampleReader reader = new SampleReader(ds, OnBadSample.SKIP);
        try (PrefetchLoader l = PrefetchLoader.builder(reader).setBatchSize(4).optOrder(IndexOrder.shuffled(7))
                .optPipeline(pipeline()).optWorkers(2).build()) {
            List<Batch> batches = drain(l.epoch(0));
            int[] expected = Arrays.stream(IndexOrder.shuffled(7).indices(N, 0)).filter(i -> i != 5 && i != 11)
                    .toArray();
            assertThat(indicesOf(batches)).containsExactly(expected);
            assertThat(batches).extracting(Batch::size).containsExactly(4, 4, 4, 4, 1);
            assertThat(reader.skipped()).isEqualTo(2);
        }
    }

    @Test
    void samplesOfDifferentSizesInOneBatchAreAClearError() {
        try (PrefetchLoader l = PrefetchLoader.builder(new SampleReader(new Synthetic(Set.of()), OnBadSample.FAIL))
                .setBatchSize(2).optWorkers(1).build()) {
            assertThatThrownBy(() -> l.epoch(0).next()).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("s1.png")
                    .hasMessageContaining("sample s1 is 31x21 after augmentation but s0 in the same batch is 30x20");
        }
    }

    @Test
    void closeStopsTheWorkerThreads() {
        PrefetchLoader l = loader(new Synthetic(Set.of()), OnBadSample.FAIL, 2);
        Iterator<Batch> it = l.epoch(0);
        assertThat(it.next().size()).isEqualTo(4);
        assertThat(liveThreads(l.threadNamePrefix())).isEqualTo(2);
        l.close();
        assertThat(liveThreads(l.threadNamePrefix())).isZero();
        assertThatThrownBy(it::hasNext).isInstanceOf(IllegalStateException.class).hasMessage("loader is closed");
        assertThatThrownBy(() -> l.epoch(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startingAnEpochAbandonsThePreviousOne() {
        try (PrefetchLoader l = loader(new Synthetic(Set.of()), OnBadSample.FAIL, 2)) {
            Iterator<Batch> first = l.epoch(0);
            first.next();
            List<Batch> second = drain(l.epoch(1));
            assertThat(indicesOf(second)).containsExactly(IndexOrder.shuffled(7).indices(N, 1));
            assertThatThrownBy(first::hasNext).hasMessage("a later epoch was started");
        }
    }

    @Test
    void realCamVidBatchesHaveTheCropSizeAndOnlyCamVidLabels() {
        SegmentationDataset ds = org.seg4j.data.Datasets.open("camvid:" + org.seg4j.testing.SharedData.require("camvid"),
                org.seg4j.data.DatasetOptions.split("val"));
        AugmentationPipeline p = AugmentationPipeline.of(1, new RandomScale(), new RandomCrop(360, 360,
                ds.labelSpec()), new HorizontalFlip(), new PhotometricDistortion());
        try (PrefetchLoader l = PrefetchLoader.builder(new SampleReader(ds, OnBadSample.FAIL)).setBatchSize(3)
                .optOrder(IndexOrder.shuffled(3)).optPipeline(p).optWorkers(2).build()) {
            Batch b = l.epoch(0).next();
            assertThat(b.images()).hasSize(3 * 3 * 360 * 360);
            long[] counts = new long[256];
            for (byte v : b.labels()) {
                counts[v & 0xFF]++;
            }
            assertThat(IntStream.range(12, 256).mapToLong(v -> counts[v]).sum()).isZero();
            assertThat(IntStream.range(0, 11).filter(v -> counts[v] > 0).count()).isGreaterThan(3);
            // (0 - 0.485) / 0.229 and (1 - 0.406) / 0.225 bound ImageNet-normalised values
            for (float v : b.images()) {
                assertThat(v).isBetween(-2.12f, 2.65f);
            }
        }
    }

    private static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }
}

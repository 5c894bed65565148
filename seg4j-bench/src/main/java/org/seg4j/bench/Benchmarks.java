package org.seg4j.bench;

import java.util.List;

/** The benchmarks {@code seg4j bench} runs, in the order {@code --list} shows them. */
public final class Benchmarks {
    private Benchmarks() {
    }

    /**
     * Every benchmark.
     *
     * @param commandMain the class whose {@code main} is the {@code seg4j} command line; benchmarks that time a whole
     *     command in a fresh JVM ({@code predict-large}) start it
     */
    public static List<Benchmark> all(Class<?> commandMain) {
        return List.of(
                new ConfusionBench(),
                new LoaderBench(),
                new CrfBench(),
                new TransposedConvBench(),
                new ModelsBench(),
                new TrainBench(),
                new PredictLargeBench(commandMain.getName()),
                new PredictMemoryBench(commandMain.getName()),
                new LocalizeBench(),
                new ServeBench(),
                new SparkBench());
    }
}

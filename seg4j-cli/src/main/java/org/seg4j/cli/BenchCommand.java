package org.seg4j.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seg4j.BadInputException;
import org.seg4j.bench.BenchOptions;
import org.seg4j.bench.Benchmark;
import org.seg4j.bench.Benchmarks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code seg4j bench NAME}: runs one of the registered micro-benchmarks. */
@Command(name = "bench", description = "Run a benchmark; prints medians and the ratio to its reference.")
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Benchmark to run (see --list).")
    String name;

    @Option(names = "--list", description = "List the benchmarks.")
    boolean list;

    @Option(names = "--repetitions", defaultValue = "7", description = "Timed repetitions (default ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--threads", defaultValue = "2", description = "Worker threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--data", paramLabel = "KIND:PATH", description = "Data set to benchmark on, where one is used.")
    String data;

    @Option(names = "-P", paramLabel = "KEY=VALUE", description = "Benchmark-specific parameter.")
    Map<String, String> params = new LinkedHashMap<>();

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        List<Benchmark> all = Benchmarks.all(Seg4jCommand.class);
        if (list || name == null) {
            for (Benchmark b : all) {
                out.printf("%-14s %s%n", b.name(), b.description());
            }
            out.flush();
            return;
        }
        Benchmark bench = all.stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new BadInputException(null, "unknown benchmark '" + name + "'; try --list"));
        bench.run(new BenchOptions(repetitions, threads, data, params), out);
        out.flush();
    }
}

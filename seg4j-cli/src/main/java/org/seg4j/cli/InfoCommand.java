package org.seg4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seg4j.nn.engine.EngineInfo;
import org.seg4j.nn.io.BuildInfo;
import org.seg4j.nn.io.ModelCard;
import org.seg4j.nn.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints versions and engine facts, and proves the engine computes; with {@code --model FILE}, also what the model's
 * card says: architecture, classes, input scale, training data, metrics, and the software that trained it (seg4j
 * version and git revision, DJL and PyTorch versions; recorded since seg4j 0.1.0 by every training run).
 */
@Command(name = "info", description = "Print seg4j, Java, DJL and PyTorch versions and check the engine works; "
        + "with --model, describe a model file.")
final class InfoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", description = "Also describe this model file (.seg4j): "
            + "architecture, classes, training data, metrics and the software that trained it.")
    Path model;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-16s %s (git %s)%n", "seg4j", Seg4jVersion.version(), BuildInfo.gitCommit());
        out.printf("%-16s %s (%s)%n", "java", System.getProperty("java.version"), System.getProperty("java.vendor"));
        out.printf("%-16s %s %s%n", "os", System.getProperty("os.name"), System.getProperty("os.arch"));
        for (Map.Entry<String, String> e : EngineInfo.describe().entrySet()) {
            out.printf("%-16s %s%n", e.getKey(), e.getValue());
        }
        out.printf("%-16s %s%n", "allocator", nativeAllocator());
        long start = System.nanoTime();
        float[] product = EngineInfo.selfTest();
        out.printf("%-16s ok: [[1,2],[3,4]] x [[5,6],[7,8]] = %s (%.1f ms)%n", "engine check",
                Arrays.toString(product), (System.nanoTime() - start) / 1e6);
        if (model != null) {
            describe(out, model, ModelFile.read(model).card());
        }
        out.flush();
    }

    private static void describe(PrintWriter out, Path file, ModelCard card) {
        out.printf("%-16s %s%n", "model", file);
        out.printf("%-16s %s %s%n", "architecture", card.architecture(), card.options());
        out.printf("%-16s %d (%s), ignore %d%n", "classes", card.numClasses(), card.labels().name(),
                card.labels().ignoreIndex());
        out.printf("%-16s %s%n", "input scale", card.inputScale());
        out.printf("%-16s %s%n", "trained on", card.provenance().dataset() == null ? "not recorded"
                : card.provenance().dataset());
        List<String> metrics = new ArrayList<>();
        card.provenance().metrics().fields().forEachRemaining(e -> {
            if (e.getValue().isIntegralNumber()) {
                metrics.add(e.getKey() + " " + e.getValue().asLong());
            } else if (e.getValue().isNumber()) {
                metrics.add(String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue().asDouble()));
            }
        });
        out.printf("%-16s %s%n", "metrics", metrics.isEmpty() ? "none recorded" : String.join(", ", metrics));
        JsonNode software = card.provenance().training().path("software");
        if (software.isMissingNode()) {
            out.printf("%-16s not recorded (the model was written before seg4j recorded it)%n", "trained with");
            return;
        }
        String dirty = software.path("gitDirty").asText();
        out.printf("%-16s seg4j %s (git %s%s), DJL %s, PyTorch %s%n", "trained with", software.path("seg4j").asText(),
                software.path("gitCommit").asText(), dirty.equals("true") ? ", with uncommitted changes" : "",
                software.path("djl").asText(), software.path("pytorch").asText());
    }

    /** Which native allocator libtorch's buffers go through; it decides whether a long run's memory stays flat. */
    private static String nativeAllocator() {
        String preload = System.getenv().getOrDefault("LD_PRELOAD", "");
        if (preload.contains("jemalloc")) {
            return "jemalloc (" + preload + ")";
        }
        String threshold = System.getenv("MALLOC_MMAP_THRESHOLD_");
        return threshold != null ? "glibc, fixed mmap threshold " + threshold
                : "glibc defaults (long training runs may grow in memory: see docs/training.md)";
    }
}

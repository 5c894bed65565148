package org.seg4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.seg4j.BadInputException;
import org.seg4j.crf.CrfGridSearch;
import org.seg4j.crf.CrfParameters;
import org.seg4j.data.Sample;
import org.seg4j.data.SampleReader;
import org.seg4j.io.AtomicFiles;
import org.seg4j.label.LabelSpec;
import org.seg4j.metrics.ConfusionMatrix;
import org.seg4j.metrics.MetricsReport;
import org.seg4j.metrics.SegmentationMetrics;
import org.seg4j.nn.infer.Prediction;
import org.seg4j.nn.infer.SegmentationModel;
import org.seg4j.nn.infer.Segmenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seg4j crf-search}: DeepLab's protocol for the CRF on a model's output. The first {@code --tune} samples of
 * the split choose the appearance kernel from a grid; the rest measure the model with and without the chosen CRF.
 */
@Command(name = "crf-search", description = "Choose CRF parameters on the first samples of a split, then score the "
        + "model with and without the CRF on the remaining samples.")
final class CrfSearchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    ModelOptions model;

    @Option(names = "--tune", required = true, paramLabel = "N",
            description = "The first N samples of the split choose the parameters; the others are the test set.")
    int tune;

    @Option(names = "--w1", split = ",", defaultValue = "3,4,5", paramLabel = "W,...",
            description = "Appearance kernel weights to try (default ${DEFAULT-VALUE}).")
    float[] w1;

    @Option(names = "--theta-a", split = ",", defaultValue = "20,40,80,121", paramLabel = "PX,...",
            description = "Appearance kernel spatial deviations to try, pixels (default ${DEFAULT-VALUE}).")
    float[] thetaA;

    @Option(names = "--theta-b", split = ",", defaultValue = "3,5,10", paramLabel = "LEVELS,...",
            description = "Appearance kernel colour deviations to try (default ${DEFAULT-VALUE}).")
    float[] thetaB;

    @Option(names = "--gaussian", split = ",", defaultValue = "3,3", paramLabel = "W,SXY",
            description = "Smoothness kernel, fixed during the search (default ${DEFAULT-VALUE}, DeepLab's).")
    float[] gaussian;

    @Option(names = "--iterations", defaultValue = "10", description = "Mean-field iterations (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the search and both scores as JSON.")
    Path json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (model.crf) {
            throw new BadInputException(null, "crf-search runs the CRF itself; leave out --crf");
        }
        if (gaussian.length != 2) {
            throw new BadInputException(null, "--gaussian takes W,SXY");
        }
        CrfParameters base = CrfParameters.deepLab().withGaussian(gaussian[0], gaussian[1]).withIterations(iterations);
        List<CrfParameters> grid = CrfGridSearch.grid(base, w1, thetaA, thetaB);
        try (SegmentationModel m = model.open()) {
            SampleReader reader = data.reader();
            LabelSpec spec = reader.dataset().labelSpec();
            model.requireClassesOf(m, spec);
            int size = reader.dataset().size();
            if (tune < 1 || tune >= size) {
                throw new BadInputException(null, "--tune must leave samples on both sides: the split has " + size
                        + " samples, --tune is " + tune);
            }
            Segmenter segmenter = model.segmenter(m);
            CrfGridSearch search = new CrfGridSearch(spec, model.threads);

            List<CrfGridSearch.Case> cases = new ArrayList<>();
            ConfusionMatrix tuneBaseline = new ConfusionMatrix(spec.numClasses(), spec.ignoreIndex());
            for (int i = 0; i < tune; i++) {
                Optional<Sample> s = reader.read(i);
                if (s.isPresent()) {
                    Prediction p = segmenter.segment(s.get().image(), true);
                    tuneBaseline.accumulate(s.get().label(), p.labels());
                    cases.add(new CrfGridSearch.Case(s.get().image(), p.probabilities(), s.get().label()));
                }
            }
            double tuneBase = SegmentationMetrics.of(tuneBaseline, spec).meanIoU();
            out.printf(Locale.ROOT, "tuning on samples 0-%d (%d images): mIoU without CRF %.4f; %d settings%n",
                    tune - 1, cases.size(), tuneBase, grid.size());
            out.flush();
            ArrayNode tried = new ObjectMapper().createArrayNode();
            CrfGridSearch.Outcome best = search.best(cases, grid, o -> {
                out.printf(Locale.ROOT, "  %s  mIoU %.4f%n", describe(o.parameters()), o.meanIoU());
                out.flush();
                ObjectNode row = tried.addObject();
                row.set("parameters", parametersJson(o.parameters()));
                row.put("meanIoU", o.meanIoU());
            });
            cases.clear();
            out.printf(Locale.ROOT, "chosen: %s%n", describe(best.parameters()));

            ConfusionMatrix without = new ConfusionMatrix(spec.numClasses(), spec.ignoreIndex());
            ConfusionMatrix with = new ConfusionMatrix(spec.numClasses(), spec.ignoreIndex());
            int tested = 0;
            for (int i = tune; i < size; i++) {
                Optional<Sample> s = reader.read(i);
                if (s.isPresent()) {
                    Prediction p = segmenter.segment(s.get().image(), true);
                    without.accumulate(s.get().label(), p.labels());
                    with.accumulate(s.get().label(), search.refine(
                            new CrfGridSearch.Case(s.get().image(), p.probabilities(), s.get().label()),
                            best.parameters()));
                    tested++;
                }
            }
            SegmentationMetrics a = SegmentationMetrics.of(without, spec);
            SegmentationMetrics b = SegmentationMetrics.of(with, spec);
            out.printf(Locale.ROOT, "test on samples %d-%d (%d images):%n", tune, size - 1, tested);
            out.printf(Locale.ROOT, "  %-10s %-16s %-16s %s%n", "", "global accuracy", "class-avg acc", "mIoU");
            out.printf(Locale.ROOT, "  %-10s %-16.4f %-16.4f %.4f%n", "no CRF", a.pixelAccuracy(), a.meanAccuracy(),
                    a.meanIoU());
            out.printf(Locale.ROOT, "  %-10s %-16.4f %-16.4f %.4f%n", "CRF", b.pixelAccuracy(), b.meanAccuracy(),
                    b.meanIoU());
            out.printf(Locale.ROOT, "  mIoU change: %+.2f points%n", 100 * (b.meanIoU() - a.meanIoU()));
            if (json != null) {
                ObjectNode root = new ObjectMapper().createObjectNode();
                root.put("model", model.model.toString());
                root.put("data", reader.dataset().name());
                root.put("tuneSamples", tune);
                root.put("testSamples", tested);
                root.put("tuneMeanIoUWithoutCrf", tuneBase);
                root.set("grid", tried);
                root.set("chosen", parametersJson(best.parameters()));
                root.set("testWithoutCrf", new MetricsReport(a).toJson());
                root.set("testWithCrf", new MetricsReport(b).toJson());
                AtomicFiles.writeString(json, root.toPrettyString() + "\n");
                out.println("wrote " + json);
            }
            out.flush();
        }
    }

    private static String describe(CrfParameters p) {
        return "w1 " + number(p.w1()) + " theta_a " + number(p.thetaA()) + " theta_b " + number(p.thetaB()) + ", w2 "
                + number(p.w2()) + " theta_g " + number(p.thetaG()) + ", " + p.iterations() + " iterations";
    }

    /** 3 rather than 3.0, 0.5 as 0.5. */
    private static String number(float v) {
        return new BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static ObjectNode parametersJson(CrfParameters p) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("w1", p.w1());
        n.put("thetaA", p.thetaA());
        n.put("thetaB", p.thetaB());
        n.put("w2", p.w2());
        n.put("thetaG", p.thetaG());
        n.put("iterations", p.iterations());
        return n;
    }
}

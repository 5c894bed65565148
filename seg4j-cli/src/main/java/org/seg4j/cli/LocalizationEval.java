package org.seg4j.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.seg4j.BadInputException;
import org.seg4j.box.ConnectedComponents;
import org.seg4j.data.ComponentBoxDataset;
import org.seg4j.data.SampleReader;
import org.seg4j.io.AtomicFiles;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.localize.LocalizationEvaluation;
import org.seg4j.nn.localize.LocalizerModel;

/** {@code seg4j eval --task localization}: a localizer model's AP50 and localization accuracy on a data set. */
final class LocalizationEval {
    private final DataOptions data;
    private final ModelOptions model;
    private final LocalizerOptions options;
    private final List<String> classes;
    private final Integer minArea;
    private final int limit;
    private final Path json;

    LocalizationEval(DataOptions data, ModelOptions model, LocalizerOptions options, List<String> classes,
            Integer minArea, int limit, Path json) {
        this.data = data;
        this.model = model;
        this.options = options;
        this.classes = classes;
        this.minArea = minArea;
        this.limit = limit;
        this.json = json;
    }

    void run(PrintWriter out) {
        if (model.model == null) {
            throw new BadInputException(null, "--task localization needs --model FILE (a localizer model)");
        }
        try (NDManager manager = NDManager.newBaseManager(); LocalizerModel m = LocalizerModel.open(model.model, manager)) {
            LabelSpec labels = m.card().labels();
            int area = minArea != null ? minArea : m.trainedMinArea(100);
            SampleReader reader = data.reader(ds -> classes == null ? ds
                    : ComponentBoxDataset.forClasses(ds, classes, ConnectedComponents.Connectivity.EIGHT, area));
            int[] classOf = LocalizationEvaluation.classMapping(reader.dataset().labelSpec(), labels);
            if (classes != null) {
                for (String name : classes) {
                    int id = reader.dataset().labelSpec().indexOf(name);
                    if (classOf[id] == 0) {
                        throw new BadInputException(model.model, "the model localizes " + labels.classNames()
                                .subList(1, labels.numClasses()) + ", not '" + name + "'");
                    }
                }
                for (int id = 0; id < classOf.length; id++) {
                    if (!classes.contains(reader.dataset().labelSpec().className(id))) {
                        classOf[id] = 0;
                    }
                }
            }
            int size = reader.dataset().size();
            int total = limit > 0 ? Math.min(limit, size) : size;
            LocalizationEvaluation.Result result;
            try (WorkProgress progress = WorkProgress.of(out, "eval", total, Math.max(1, total / 20))) {
                int[] done = {0};
                result = LocalizationEvaluation.run(m.localizer(options.resolve(model.scales, m.trainedOptions())),
                        labels, reader, classOf, limit, manager,
                        (s, d) -> progress.stepTo(++done[0] + reader.skipped(), ""));
            }
            ObjectNode root = result.toJson();
            root.put("data", reader.dataset().name());
            root.put("model", model.model.toString());
            out.printf(Locale.ROOT, "data: %s%n", reader.dataset().name());
            out.printf(Locale.ROOT, "images: %d (%d with objects), objects: %d%n", result.images(),
                    result.localization().images(), result.objects());
            result.ap().perClass().forEach(c -> out.printf(Locale.ROOT, "  %-12s AP50 %.4f (%d objects, %d "
                    + "detections)%n", labels.className(c.classId()), c.ap(), c.positives(), c.detections()));
            out.printf(Locale.ROOT, "AP50: %.4f%n", result.ap().map());
            out.printf(Locale.ROOT, "localizationAccuracy: %.4f (%d of %d images)%n",
                    result.localization().accuracy(), result.localization().correct(), result.localization().images());
            if (reader.skipped() > 0) {
                out.printf("skipped: %d%n", reader.skipped());
            }
            if (json != null) {
                AtomicFiles.writeString(json, root.toPrettyString() + "\n");
                out.println("wrote " + json);
            }
            out.flush();
        }
    }
}

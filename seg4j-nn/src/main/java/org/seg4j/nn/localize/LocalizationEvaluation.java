package org.seg4j.nn.localize;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import org.seg4j.box.ObjectBox;
import org.seg4j.box.ScoredBox;
import org.seg4j.data.Sample;
import org.seg4j.data.SampleReader;
import org.seg4j.label.LabelSpec;
import org.seg4j.metrics.detection.ClassAp;
import org.seg4j.metrics.detection.DetectionAp;
import org.seg4j.metrics.detection.ImageDetections;
import org.seg4j.metrics.detection.LocalizationAccuracy;
import org.seg4j.metrics.detection.MeanAp;

/**
 * A localizer scored on a data set with boxes: detection AP at IoU 0.5 per class (VOC all-points,
 * {@link DetectionAp}) and their mean, and single-object localization accuracy (top-1 detection of the right class
 * with IoU &gt;= 0.5, {@link LocalizationAccuracy}) over the images holding an object. Ground-truth boxes of classes
 * the localizer does not know are left out.
 */
public final class LocalizationEvaluation {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param ap AP50 per localizer class and their mean
     * @param localization top-1 localization accuracy
     * @param images images evaluated
     * @param objects ground-truth boxes of the localized classes
     */
    public record Result(MeanAp ap, LocalizationAccuracy.Result localization, int images, int objects,
            List<String> classNames) {
        /** {@code AP50}, {@code localizationAccuracy}, counts and per-class AP as JSON. */
        public ObjectNode toJson() {
            ObjectNode json = MAPPER.createObjectNode();
            json.put("AP50", ap.map());
            json.put("localizationAccuracy", localization.accuracy());
            json.put("images", images);
            json.put("objects", objects);
            json.put("imagesWithObjects", localization.images());
            ArrayNode perClass = json.putArray("perClass");
            for (ClassAp c : ap.perClass()) {
                perClass.addObject().put("class", classNames.get(c.classId())).put("AP50", c.ap())
                        .put("objects", c.positives()).put("detections", c.detections())
                        .put("truePositives", c.truePositives());
            }
            return json;
        }
    }

    private LocalizationEvaluation() {
    }

    /**
     * The localizer's class for each training id of the data set's label spec: the localizer class of the same name
     * (1..K-1), or 0.
     */
    public static int[] classMapping(LabelSpec data, LabelSpec localizer) {
        int[] classOf = new int[data.numClasses()];
        for (int c = 1; c < localizer.numClasses(); c++) {
            int id = data.indexOf(localizer.className(c));
            if (id >= 0) {
                classOf[id] = c;
            }
        }
        return classOf;
    }

    /**
     * Runs the localizer over the first {@code limit} samples (0 = all) of a reader whose samples carry boxes.
     *
     * @param classOf the data set's training id to localizer class ({@link #classMapping})
     * @param progress told each sample and its detections as it is done
     */
    public static Result run(Localizer localizer, LabelSpec localizerLabels, SampleReader reader, int[] classOf,
            int limit, NDManager manager, BiConsumer<Sample, List<ScoredBox>> progress) {
        int n = limit > 0 ? Math.min(limit, reader.dataset().size()) : reader.dataset().size();
        List<ImageDetections> images = new ArrayList<>();
        int objects = 0;
        for (int i = 0; i < n; i++) {
            Optional<Sample> read = reader.read(i);
            if (read.isEmpty()) {
                continue;
            }
            Sample s = read.get();
            List<ObjectBox> truth = new ArrayList<>();
            for (ObjectBox o : s.boxes()) {
                if (o.classId() >= 0 && o.classId() < classOf.length && classOf[o.classId()] > 0) {
                    truth.add(new ObjectBox(o.box(), classOf[o.classId()], o.difficult()));
                }
            }
            objects += truth.size();
            List<ScoredBox> detections = localizer.localize(s.image(), manager).detections();
            images.add(new ImageDetections(truth, detections));
            progress.accept(s, detections);
        }
        List<Integer> classes = IntStream.range(1, localizerLabels.numClasses()).boxed().toList();
        return new Result(DetectionAp.mean(images, classes, DetectionAp.VOC_IOU),
                LocalizationAccuracy.of(images, 1, LocalizationAccuracy.ILSVRC_IOU), images.size(), objects,
                localizerLabels.classNames());
    }
}

package org.seg4j.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Presents {@link SegmentationMetrics} as a plain-text table (scores in percent) and as JSON (scores as fractions at
 * full double precision, NaN written as {@code null}). Both say which classes were absent and left out of the means,
 * following the conventions documented on {@link SegmentationMetrics}.
 *
 * <p>JSON keys: {@code pixelAccuracy}, {@code meanAccuracy}, {@code mIoU}, {@code fwIoU}, {@code pixels} (counted),
 * {@code unassigned} (counted pixels predicted as no class), {@code absentClasses} (array of names), and
 * {@code perClass}: class name to {@code {"iou", "accuracy", "dice", "pixels", "unassigned"}} where {@code pixels} is
 * the class's ground-truth pixel count.
 */
public final class MetricsReport {
    private final SegmentationMetrics metrics;

    public MetricsReport(SegmentationMetrics metrics) {
        this.metrics = metrics;
    }

    /** The table: one line per class (IoU, accuracy, Dice in percent; ground-truth pixels), then the summary. */
    public String toText() {
        int nameWidth = "class".length();
        for (String name : metrics.classNames()) {
            nameWidth = Math.max(nameWidth, name.length());
        }
        String row = "%-" + nameWidth + "s %8s %8s %8s %12s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, row, "class", "IoU %", "acc %", "Dice %", "gt pixels"));
        List<String> noGroundTruth = new ArrayList<>();
        for (int c = 0; c < metrics.numClasses(); c++) {
            String name = metrics.classNames().get(c);
            sb.append(String.format(Locale.ROOT, row, name, percent(metrics.iou(c)), percent(metrics.accuracy(c)),
                    percent(metrics.dice(c)), metrics.groundTruthPixels(c)));
            if (metrics.groundTruthPixels(c) == 0 && !metrics.isAbsent(c)) {
                noGroundTruth.add(name);
            }
        }
        String summary = "%-16s %s%n";
        sb.append(String.format(Locale.ROOT, summary, "pixel accuracy", percent(metrics.pixelAccuracy()) + " %"));
        sb.append(String.format(Locale.ROOT, summary, "mean accuracy", percent(metrics.meanAccuracy()) + " %"));
        sb.append(String.format(Locale.ROOT, summary, "mean IoU", percent(metrics.meanIoU()) + " %"));
        sb.append(String.format(Locale.ROOT, summary, "fw IoU", percent(metrics.frequencyWeightedIoU()) + " %"));
        sb.append(String.format(Locale.ROOT, summary, "pixels counted", metrics.pixels()));
        if (metrics.unassignedPixels() > 0) {
            sb.append(String.format(Locale.ROOT, summary, "unassigned", metrics.unassignedPixels()
                    + " (predicted as no class: misses of their class, false positives of none)"));
        }
        List<String> absent = metrics.absentClasses();
        if (!absent.isEmpty()) {
            sb.append("absent (NaN, not in the means): ").append(String.join(", ", absent)).append('\n');
        }
        if (!noGroundTruth.isEmpty()) {
            sb.append("only predicted (accuracy NaN, not in the mean accuracy; IoU 0 in the mean IoU): ")
                    .append(String.join(", ", noGroundTruth)).append('\n');
        }
        return sb.toString();
    }

    /** The scores as JSON (see the class comment for the keys). */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        putScore(root, "pixelAccuracy", metrics.pixelAccuracy());
        putScore(root, "meanAccuracy", metrics.meanAccuracy());
        putScore(root, "mIoU", metrics.meanIoU());
        putScore(root, "fwIoU", metrics.frequencyWeightedIoU());
        root.put("pixels", metrics.pixels());
        root.put("unassigned", metrics.unassignedPixels());
        ObjectNode perClass = root.putObject("perClass");
        for (int c = 0; c < metrics.numClasses(); c++) {
            ObjectNode cls = perClass.putObject(metrics.classNames().get(c));
            putScore(cls, "iou", metrics.iou(c));
            putScore(cls, "accuracy", metrics.accuracy(c));
            putScore(cls, "dice", metrics.dice(c));
            cls.put("pixels", metrics.groundTruthPixels(c));
            cls.put("unassigned", metrics.unassignedPixels(c));
        }
        ArrayNode absent = root.putArray("absentClasses");
        metrics.absentClasses().forEach(absent::add);
        return root;
    }

    private static void putScore(ObjectNode node, String key, double value) {
        if (Double.isNaN(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "NaN" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }
}

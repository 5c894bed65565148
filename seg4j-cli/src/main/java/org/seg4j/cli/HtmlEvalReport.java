package org.seg4j.cli;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.ImageOps;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.io.AtomicFiles;
import org.seg4j.label.LabelSpec;
import org.seg4j.metrics.SegmentationMetrics;

/**
 * A self-contained HTML page (images embedded, no scripts, opens offline) showing an evaluation: the summary
 * metrics, a per-class table with IoU bars and colour swatches, and image | ground truth | prediction | errors panels.
 */
final class HtmlEvalReport {
    private final String title;
    private final List<String[]> facts;
    private final SegmentationMetrics metrics;
    private final LabelSpec spec;

    /**
     * @param facts label/value pairs shown under the title (data set, predictions, samples, ...)
     */
    HtmlEvalReport(String title, List<String[]> facts, SegmentationMetrics metrics, LabelSpec spec) {
        this.title = title;
        this.facts = facts;
        this.metrics = metrics;
        this.spec = spec;
    }

    void write(Path file, List<PredictionFolderEvaluation.Kept> panels) {
        write(file, panels, List.of());
    }

    /** Writes the page; {@code sections} are extra HTML blocks placed after the per-class table. */
    void write(Path file, List<PredictionFolderEvaluation.Kept> panels, List<String> sections) {
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>")
                .append("body{font:15px/1.4 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}")
                .append("h1{font-size:1.6em}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}")
                .append("th{background:#f4f4f4}td.l,th.l{text-align:left}")
                .append(".sw{display:inline-block;width:14px;height:14px;border:1px solid #999;vertical-align:middle;")
                .append("margin-right:6px}.bar{background:#4a7bd0;height:10px;display:inline-block}")
                .append(".big{font-size:1.5em;font-weight:600}.cards{display:flex;gap:2em;margin:1em 0}")
                .append(".panel{display:grid;grid-template-columns:repeat(4,1fr);gap:6px;margin-bottom:1.5em}")
                .append(".panel img{width:100%}.cap{font-size:.85em;color:#555}.na{color:#999}")
                .append("</style></head><body>");
        h.append("<h1>").append(esc(title)).append("</h1><table>");
        for (String[] f : facts) {
            h.append("<tr><th class=\"l\">").append(esc(f[0])).append("</th><td class=\"l\">").append(esc(f[1]))
                    .append("</td></tr>");
        }
        h.append("</table><div class=\"cards\">");
        card(h, "mIoU", metrics.meanIoU());
        card(h, "pixel accuracy", metrics.pixelAccuracy());
        card(h, "mean class accuracy", metrics.meanAccuracy());
        card(h, "frequency-weighted IoU", metrics.frequencyWeightedIoU());
        h.append("</div><h2>Per class</h2><table><tr><th class=\"l\">class</th><th>IoU</th><th class=\"l\"></th>")
                .append("<th>accuracy</th><th>Dice</th></tr>");
        for (int c = 0; c < spec.numClasses(); c++) {
            double iou = metrics.iou(c);
            h.append("<tr><td class=\"l\"><span class=\"sw\" style=\"background:").append(hex(spec.color(c)))
                    .append("\"></span>").append(esc(spec.className(c))).append("</td><td>").append(num(iou))
                    .append("</td><td class=\"l\"><span class=\"bar\" style=\"width:")
                    .append(Double.isNaN(iou) ? 0 : Math.round(200 * iou)).append("px\"></span></td><td>")
                    .append(num(metrics.accuracy(c))).append("</td><td>").append(num(metrics.dice(c)))
                    .append("</td></tr>");
        }
        h.append("</table>");
        List<String> absent = metrics.absentClasses();
        if (!absent.isEmpty()) {
            h.append("<p class=\"na\">Absent from both ground truth and prediction (NaN, left out of the means): ")
                    .append(esc(String.join(", ", absent))).append("</p>");
        }
        sections.forEach(h::append);
        if (!panels.isEmpty()) {
            h.append("<h2>Samples</h2><p class=\"cap\">image | ground truth | prediction | errors (red: wrong, ")
                    .append("grey: ignored)</p>");
            for (PredictionFolderEvaluation.Kept k : panels) {
                RgbImage image = k.sample().image();
                LabelMap gt = k.sample().label();
                h.append("<div class=\"cap\">").append(esc(k.sample().id())).append("</div><div class=\"panel\">");
                img(h, image);
                img(h, ImageOps.colorize(gt, spec));
                img(h, ImageOps.colorize(k.prediction(), spec));
                img(h, errors(image, gt, k.prediction()));
                h.append("</div>");
            }
        }
        h.append("<p class=\"cap\">Written by seg4j ").append(esc(Seg4jVersion.version())).append(".</p></body></html>");
        AtomicFiles.writeString(file, h.toString());
    }

    private RgbImage errors(RgbImage image, LabelMap gt, LabelMap pred) {
        RgbImage out = RgbImage.blank(image.width(), image.height());
        byte[] g = gt.data();
        byte[] p = pred.data();
        for (int i = 0; i < g.length; i++) {
            int x = i % image.width();
            int y = i / image.width();
            int grey = (image.get(x, y, 0) + image.get(x, y, 1) + image.get(x, y, 2)) / 6;
            int color;
            if ((g[i] & 0xFF) == spec.ignoreIndex()) {
                color = 0x808080;
            } else if (g[i] != p[i]) {
                color = 0xE02020;
            } else {
                color = grey << 16 | grey << 8 | grey;
            }
            out.set(x, y, color);
        }
        return out;
    }

    private static void card(StringBuilder h, String name, double value) {
        h.append("<div><div class=\"big\">").append(num(value)).append("</div><div class=\"cap\">").append(name)
                .append("</div></div>");
    }

    private static void img(StringBuilder h, RgbImage image) {
        h.append("<img alt=\"\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(ImageFiles.encodePng(image))).append("\">");
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "<span class=\"na\">n/a</span>" : String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    private static String hex(int rgb) {
        return String.format("#%06x", rgb);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

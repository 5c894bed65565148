package org.seg4j.cli;

import java.util.Base64;
import java.util.List;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.label.LabelSpec;
import org.seg4j.metrics.PredictionFolderEvaluation;
import org.seg4j.metrics.SegmentationMetrics;
import org.seg4j.render.Rendering;

/**
 * One evaluation as a block of an {@link HtmlPage}: facts (data set, predictions, ...), the summary metrics, a
 * per-class table with IoU bars and colour swatches, optional extra blocks, and image | ground truth | prediction |
 * errors panels (images embedded as PNG data URIs).
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

    /** The evaluation as an HTML block; {@code sections} are extra blocks placed after the per-class table. */
    String html(List<PredictionFolderEvaluation.Kept> panels, List<String> sections) {
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<h2>").append(HtmlPage.esc(title)).append("</h2><table>");
        for (String[] f : facts) {
            h.append("<tr><th class=\"l\">").append(HtmlPage.esc(f[0])).append("</th><td class=\"l\">").append(HtmlPage.esc(f[1]))
                    .append("</td></tr>");
        }
        h.append("</table><div class=\"cards\">");
        card(h, "mIoU", metrics.meanIoU());
        card(h, "pixel accuracy", metrics.pixelAccuracy());
        card(h, "mean class accuracy", metrics.meanAccuracy());
        card(h, "frequency-weighted IoU", metrics.frequencyWeightedIoU());
        h.append("</div><h3>Per class</h3><table><tr><th class=\"l\">class</th><th>IoU</th><th class=\"l\"></th>")
                .append("<th>accuracy</th><th>Dice</th></tr>");
        for (int c = 0; c < spec.numClasses(); c++) {
            double iou = metrics.iou(c);
            h.append("<tr><td class=\"l\"><span class=\"sw\" style=\"background:").append(hex(spec.color(c)))
                    .append("\"></span>").append(HtmlPage.esc(spec.className(c))).append("</td><td>").append(num(iou))
                    .append("</td><td class=\"l\"><span class=\"bar\" style=\"width:")
                    .append(Double.isNaN(iou) ? 0 : Math.round(200 * iou)).append("px\"></span></td><td>")
                    .append(num(metrics.accuracy(c))).append("</td><td>").append(num(metrics.dice(c)))
                    .append("</td></tr>");
        }
        h.append("</table>");
        List<String> absent = metrics.absentClasses();
        if (!absent.isEmpty()) {
            h.append("<p class=\"na\">Absent from both ground truth and prediction (NaN, left out of the means): ")
                    .append(HtmlPage.esc(String.join(", ", absent))).append("</p>");
        }
        sections.forEach(h::append);
        if (!panels.isEmpty()) {
            h.append("<h3>Samples</h3><p class=\"cap\">image | ground truth | prediction | errors (red: wrong, ")
                    .append("grey: ignored)</p>");
            for (PredictionFolderEvaluation.Kept k : panels) {
                RgbImage image = k.sample().image();
                LabelMap gt = k.sample().label();
                h.append("<div class=\"cap\">").append(HtmlPage.esc(k.sample().id())).append("</div><div class=\"panel\">");
                img(h, image);
                img(h, Rendering.colorize(gt, spec));
                img(h, Rendering.colorize(k.prediction(), spec));
                img(h, errors(image, gt, k.prediction()));
                h.append("</div>");
            }
        }
        return h.toString();
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

    static void img(StringBuilder h, RgbImage image) {
        h.append("<img alt=\"\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(ImageFiles.encodePng(image))).append("\">");
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "<span class=\"na\">n/a</span>" : String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    private static String hex(int rgb) {
        return String.format("#%06x", rgb);
    }

}

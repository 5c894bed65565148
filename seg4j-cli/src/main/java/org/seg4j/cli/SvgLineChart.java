package org.seg4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small inline SVG line chart (no scripts, no external files) for HTML reports. */
final class SvgLineChart {
    private record Series(String name, String color, double[] xs, double[] ys) {
    }

    private final String title;
    private final String xLabel;
    private final List<Series> series = new ArrayList<>();

    SvgLineChart(String title, String xLabel) {
        this.title = title;
        this.xLabel = xLabel;
    }

    SvgLineChart add(String name, String color, double[] xs, double[] ys) {
        series.add(new Series(name, color, xs, ys));
        return this;
    }

    String svg(int width, int height) {
        int left = 60;
        int right = 20;
        int top = 30;
        int bottom = 40;
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Series s : series) {
            for (int i = 0; i < s.xs.length; i++) {
                if (Double.isFinite(s.ys[i])) {
                    minX = Math.min(minX, s.xs[i]);
                    maxX = Math.max(maxX, s.xs[i]);
                    minY = Math.min(minY, s.ys[i]);
                    maxY = Math.max(maxY, s.ys[i]);
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">", width, height));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s</text>",
                left, HtmlPage.esc(title)));
        if (minX > maxX) {
            b.append("<text x=\"60\" y=\"60\">no data yet</text></svg>");
            return b.toString();
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        if (maxY == minY) {
            maxY = minY + 1;
        }
        double pw = width - left - right;
        double ph = height - top - bottom;
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
                + "stroke=\"#bbb\"/>", left, top, pw, ph));
        for (int t = 0; t <= 4; t++) {
            double v = minY + (maxY - minY) * t / 4;
            double y = top + ph - ph * t / 4;
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", left - 4,
                    y + 4, fmt(v)));
            double xv = minX + (maxX - minX) * t / 4;
            double x = left + pw * t / 4;
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x,
                    top + (int) ph + 14, maxX - minX >= 8 ? String.format(Locale.ROOT, "%.0f", xv) : fmt(xv)));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                left + pw / 2, height - 6, HtmlPage.esc(xLabel)));
        int legend = 0;
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.xs.length; i++) {
                if (Double.isFinite(s.ys[i])) {
                    double x = left + pw * (s.xs[i] - minX) / (maxX - minX);
                    double y = top + ph - ph * (s.ys[i] - minY) / (maxY - minY);
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                }
            }
            b.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>", s.color,
                    pts.toString().trim()));
            if (s.xs.length <= 40) {
                for (String p : pts.toString().trim().split(" ")) {
                    if (!p.isEmpty()) {
                        String[] xy = p.split(",");
                        b.append(String.format("<circle cx=\"%s\" cy=\"%s\" r=\"2.5\" fill=\"%s\"/>", xy[0], xy[1],
                                s.color));
                    }
                }
            }
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"%s\">%s</text>",
                    width - right - 4, top + 14 + 13 * legend, s.color, HtmlPage.esc(s.name)));
            legend++;
        }
        b.append("</svg>");
        return b.toString();
    }

    private static String fmt(double v) {
        double a = Math.abs(v);
        return a != 0 && (a < 0.01 || a >= 100000) ? String.format(Locale.ROOT, "%.1e", v)
                : a >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

}

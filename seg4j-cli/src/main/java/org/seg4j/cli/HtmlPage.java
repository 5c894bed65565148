package org.seg4j.cli;

import java.nio.file.Path;
import org.seg4j.io.AtomicFiles;

/** A self-contained HTML page (no scripts, no external files; opens offline), written atomically. */
final class HtmlPage {
    private static final String STYLE = "body{font:15px/1.4 system-ui,sans-serif;margin:2em auto;max-width:1100px;"
            + "color:#222}h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:2px solid #ddd}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{padding:4px 10px;border-bottom:1px solid #ddd;"
            + "text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}.sw{display:inline-block;width:14px;"
            + "height:14px;border:1px solid #999;vertical-align:middle;margin-right:6px}.bar{background:#4a7bd0;"
            + "height:10px;display:inline-block}.big{font-size:1.5em;font-weight:600}.cards{display:flex;gap:2em;"
            + "margin:1em 0}.panel{display:grid;grid-template-columns:repeat(4,1fr);gap:6px;margin-bottom:1.5em}"
            + ".panel img{width:100%}.cap{font-size:.85em;color:#555}.na{color:#999}";

    private final String title;
    private final StringBuilder body = new StringBuilder(1 << 20);

    HtmlPage(String title) {
        this.title = title;
    }

    HtmlPage add(String html) {
        body.append(html);
        return this;
    }

    void write(Path file) {
        String page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + "</title><style>" + STYLE + "</style></head><body><h1>" + esc(title) + "</h1>" + body
                + "<p class=\"cap\">Written by seg4j " + esc(Seg4jVersion.version()) + ".</p></body></html>";
        AtomicFiles.writeString(file, page);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

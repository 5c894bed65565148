package org.seg4j.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long job counted in items (training steps, images, samples): on a terminal a progress bar on standard
 * error (done/total, rate, ETA, an extra message); elsewhere (a log file, a pipe, CI) plain lines on the command's
 * output, {@code task done/total (rate/s, ETA h:mm:ss) extra}, for every {@code every}-th item and the last. Messages
 * go through {@link #line} so they do not tear the bar. Thread-safe.
 */
final class WorkProgress implements AutoCloseable {
    private final PrintWriter out;
    private final String task;
    private final long first;
    private final long total;
    private final long every;
    private final long startNanos = System.nanoTime();
    private ProgressBar bar;
    private long done;

    /**
     * @param terminal whether to draw a bar ({@code System.console() != null} for the real command line)
     * @param first items already done when the job starts (a resumed run)
     */
    WorkProgress(PrintWriter out, boolean terminal, String task, long first, long total, long every) {
        this.out = out;
        this.task = task;
        this.first = first;
        this.total = total;
        this.every = Math.max(1, every);
        this.done = first;
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).startsFrom(first, Duration.ZERO)
                    .setStyle(ProgressBarStyle.ASCII).showSpeed().build();
        }
    }

    /** A command's items: a bar when the command runs on a terminal, a plain line every {@code every} items else. */
    static WorkProgress of(PrintWriter out, String task, long total, long every) {
        return new WorkProgress(out, System.console() != null, task, 0, total, every);
    }

    /** Whether the bar is drawn (plain lines are not). */
    synchronized boolean onTerminal() {
        return bar != null;
    }

    /** One more item done. */
    synchronized void step(String extra) {
        stepTo(done + 1, extra);
    }

    /** {@code items} done so far; with a plain line when due. */
    synchronized void stepTo(long items, String extra) {
        done = items;
        if (bar != null) {
            bar.stepTo(items);
            bar.setExtraMessage(extra);
        } else if (items % every == 0 || items == total) {
            line(status() + (extra.isEmpty() ? "" : " " + extra));
        }
    }

    /** {@code task done/total (rate/s, ETA h:mm:ss)}: the rate over the items done since the start. */
    synchronized String status() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = (done - first) / Math.max(seconds, 1e-9);
        String eta = done >= total ? "done" : done == first ? "ETA ?" : "ETA " + clock((total - done) / rate);
        return String.format(Locale.ROOT, "%s %d/%d (%.2f/s, %s)", task, done, total, rate, eta);
    }

    /** {@code h:mm:ss}. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /** A message line; on a terminal it is printed above the bar. */
    synchronized void line(String text) {
        if (bar != null) {
            System.err.print("\r");
        }
        out.println(text);
        out.flush();
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}

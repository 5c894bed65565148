package org.seg4j.bench;

import java.io.PrintWriter;
import java.util.Random;
import org.seg4j.BadInputException;
import org.seg4j.metrics.ConfusionMatrix;

/**
 * {@code seg4j bench confusion}: times {@link ConfusionMatrix#accumulate(byte[], byte[])} on one thread against a
 * naive reference in the same run (a per-pixel loop with ignore and bounds checks into a {@code long[][]}), on
 * synthetic CamVid-sized label pairs (480x360, 11 classes, ignore 11). Ground truth: random 24x20 blocks, one in 25
 * ignored. Prediction, {@code -P errors=regions} (default, errors clustered as a network's are): the ground truth
 * shifted by (7, 3) pixels with edge replication, plus 40 discs (radius 3..14) of a random class; {@code -P errors=iid}:
 * the ground truth with 15% of the pixels, drawn independently, replaced by a random class (the worst case for
 * seg4j's run fast path).
 *
 * <p>Parameters: {@code -P pairs=20} (label pairs per timed run), {@code -P seed=1}, {@code -P errors=regions|iid}.
 */
public final class ConfusionBench implements Benchmark {
    private static final int WIDTH = 480;
    private static final int HEIGHT = 360;
    private static final int CLASSES = 11;
    private static final int IGNORE = 11;

    @Override
    public String name() {
        return "confusion";
    }

    @Override
    public String description() {
        return "ConfusionMatrix.accumulate vs a naive per-pixel loop, 1 thread, synthetic 480x360 label pairs";
    }

    @Override
    public void run(BenchOptions options, PrintWriter out) {
        int pairs = Integer.parseInt(options.param("pairs", "20"));
        Random rnd = new Random(Long.parseLong(options.param("seed", "1")));
        String errors = options.param("errors", "regions");
        if (!errors.equals("regions") && !errors.equals("iid")) {
            throw new BadInputException(null, "-P errors must be 'regions' or 'iid', got '" + errors + "'");
        }
        byte[][] gts = new byte[pairs][];
        byte[][] preds = new byte[pairs][];
        for (int k = 0; k < pairs; k++) {
            gts[k] = blocks(rnd);
            preds[k] = errors.equals("iid") ? independentErrors(gts[k], rnd) : regionErrors(gts[k], rnd);
        }
        double mpixels = (double) pairs * WIDTH * HEIGHT / 1e6;

        ConfusionMatrix seg4j = new ConfusionMatrix(CLASSES, IGNORE);
        long[][] naive = new long[CLASSES][CLASSES + 1];
        boolean agree = agrees(gts, preds, seg4j, naive);
        int reps = options.repetitions();
        long seg4jNanos = Timing.medianNanos(3, reps, () -> {
            for (int k = 0; k < pairs; k++) {
                seg4j.accumulate(gts[k], preds[k]);
            }
        });
        long naiveNanos = Timing.medianNanos(3, reps, () -> {
            for (int k = 0; k < pairs; k++) {
                naiveAccumulate(gts[k], preds[k], naive);
            }
        });
        out.printf("confusion: %d label pairs of %dx%d (%.2f Mpixel), %d classes + ignore, %s errors, 1 thread,"
                + " median of %d%n", pairs, WIDTH, HEIGHT, mpixels, CLASSES, errors, reps);
        print(out, "seg4j ConfusionMatrix", seg4jNanos, mpixels);
        print(out, "naive long[][] loop", naiveNanos, mpixels);
        out.printf("  speed-up (naive time / seg4j time): %.2fx%n", (double) naiveNanos / seg4jNanos);
        out.printf("  counts agree: %s%n", agree ? "yes" : "NO");
    }

    /** One pass of each over the data, on fresh counts: both must count the same. */
    private static boolean agrees(byte[][] gts, byte[][] preds, ConfusionMatrix seg4j, long[][] naive) {
        for (int k = 0; k < gts.length; k++) {
            seg4j.accumulate(gts[k], preds[k]);
            naiveAccumulate(gts[k], preds[k], naive);
        }
        for (int g = 0; g < CLASSES; g++) {
            for (int p = 0; p < CLASSES; p++) {
                if (seg4j.count(g, p) != naive[g][p]) {
                    return false;
                }
            }
            if (seg4j.unassigned(g) != naive[g][CLASSES]) {
                return false;
            }
        }
        return true;
    }

    private static void print(PrintWriter out, String what, long nanos, double mpixels) {
        double ms = nanos / 1e6;
        out.printf("  %-22s %8.3f ms/Mpixel %8.0f Mpixel/s%n", what, ms / mpixels, mpixels / (ms / 1e3));
    }

    /** The reference: the obvious loop, last column = prediction that is no class. */
    private static void naiveAccumulate(byte[] gt, byte[] pred, long[][] counts) {
        for (int i = 0; i < gt.length; i++) {
            int g = gt[i] & 0xFF;
            int p = pred[i] & 0xFF;
            if (g == IGNORE) {
                continue;
            }
            if (g >= CLASSES) {
                throw new IllegalArgumentException("ground-truth value " + g + " is no class");
            }
            counts[g][p < CLASSES ? p : CLASSES]++;
        }
    }

    private static byte[] blocks(Random rnd) {
        int bw = 24;
        int bh = 20;
        byte[] blockClass = new byte[(WIDTH / bw) * (HEIGHT / bh)];
        for (int b = 0; b < blockClass.length; b++) {
            blockClass[b] = (byte) (rnd.nextInt(25) == 0 ? IGNORE : rnd.nextInt(CLASSES));
        }
        byte[] labels = new byte[WIDTH * HEIGHT];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                labels[y * WIDTH + x] = blockClass[(y / bh) * (WIDTH / bw) + x / bw];
            }
        }
        return labels;
    }

    private static byte[] regionErrors(byte[] gt, Random rnd) {
        byte[] pred = new byte[gt.length];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                pred[y * WIDTH + x] = gt[Math.max(y - 3, 0) * WIDTH + Math.max(x - 7, 0)];
            }
        }
        for (int disc = 0; disc < 40; disc++) {
            int cx = rnd.nextInt(WIDTH);
            int cy = rnd.nextInt(HEIGHT);
            int r = 3 + rnd.nextInt(12);
            byte c = (byte) rnd.nextInt(CLASSES);
            for (int y = Math.max(0, cy - r); y < Math.min(HEIGHT, cy + r); y++) {
                for (int x = Math.max(0, cx - r); x < Math.min(WIDTH, cx + r); x++) {
                    if ((y - cy) * (y - cy) + (x - cx) * (x - cx) < r * r) {
                        pred[y * WIDTH + x] = c;
                    }
                }
            }
        }
        return pred;
    }

    private static byte[] independentErrors(byte[] gt, Random rnd) {
        byte[] pred = gt.clone();
        for (int i = 0; i < pred.length; i++) {
            if (rnd.nextInt(100) < 15) {
                pred[i] = (byte) rnd.nextInt(CLASSES);
            }
        }
        return pred;
    }
}

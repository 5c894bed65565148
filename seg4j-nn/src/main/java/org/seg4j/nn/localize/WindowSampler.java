package org.seg4j.nn.localize;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.seg4j.box.Box;
import org.seg4j.box.BoxEncoding;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.loader.Batch;
import org.seg4j.nn.model.LocalizerNet;

/**
 * Training windows for the localizer, drawn from whole (augmented, normalised) images with boxes, as OverFeat trains
 * its classifier and regressor on windows at several scales (Sermanet et al., ICLR 2014, section 4.2):
 * <ul>
 *   <li>positives: around a randomly chosen object, a window of one of the {@code aspects} (width / height), area
 *       0.6 to 1.8 times the box's (log-uniform) and centre jittered by up to 20% of its size, kept when its IoU with
 *       the box is at least {@code positiveIou}; class = the box's, regression target = the box relative to the
 *       window ({@link BoxEncoding.CentreLog});</li>
 *   <li>negatives (background, class 0): half jittered widely around objects, half anywhere (height log-uniform from
 *       {@value #MIN_SIDE} pixels to the image's), kept when their IoU with every object is below
 *       {@code negativeIou}.</li>
 * </ul>
 * Windows lie inside the image (as the convolutional evaluation's do) and are resampled bilinearly to
 * {@value LocalizerNet#WINDOW} x {@value LocalizerNet#WINDOW}. A draw that finds no acceptable window in
 * {@value #TRIES} tries is dropped, so a batch may hold fewer windows than asked.
 */
public final class WindowSampler {
    /** Smallest window side, in image pixels. */
    public static final int MIN_SIDE = 24;
    private static final int TRIES = 25;
    private static final BoxEncoding ENCODING = new BoxEncoding.CentreLog();

    private final int[] classOf;
    private final int numClasses;
    private final Settings settings;

    /**
     * @param positives positive windows per image
     * @param negatives negative windows per image
     * @param aspects window aspect ratios (width / height)
     * @param positiveIou lowest IoU of a positive window with its object
     * @param negativeIou IoU with every object below which a window is background
     */
    public record Settings(int positives, int negatives, double[] aspects, double positiveIou, double negativeIou) {
        public Settings {
            if (positives < 0 || negatives < 0 || positives + negatives == 0) {
                throw new IllegalArgumentException("need a positive number of windows per image, got " + positives
                        + " positives and " + negatives + " negatives");
            }
            if (aspects.length == 0) {
                throw new IllegalArgumentException("need at least one window aspect ratio");
            }
            for (double a : aspects) {
                if (!(a > 0) || Double.isInfinite(a)) {
                    throw new IllegalArgumentException("window aspect ratios must be positive, got " + a);
                }
            }
            if (!(negativeIou >= 0 && negativeIou <= positiveIou && positiveIou <= 1)) {
                throw new IllegalArgumentException("need 0 <= negativeIou <= positiveIou <= 1, got " + negativeIou
                        + " and " + positiveIou);
            }
            aspects = aspects.clone();
        }
    }

    /** Windows of one batch: pixels, classes and box targets (with a mask of the targets that count). */
    public record Windows(int count, float[] pixels, int[] classes, float[] boxTargets, float[] boxMask) {
    }

    /**
     * @param classOf for each training id of the data set, the localizer class (1..K-1), or 0 for classes not
     *     localized (their boxes are ignored)
     * @param numClasses localizer classes K, background included
     */
    public WindowSampler(int[] classOf, int numClasses, Settings settings) {
        this.classOf = classOf.clone();
        this.numClasses = numClasses;
        this.settings = settings;
    }

    /** Draws the windows of a batch with a generator seeded by {@code seed}. */
    public Windows sample(Batch batch, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Box> windows = new ArrayList<>();
        List<Integer> imageOf = new ArrayList<>();
        List<ObjectBox> objectOf = new ArrayList<>();
        for (int n = 0; n < batch.size(); n++) {
            List<ObjectBox> objects = batch.boxes().get(n).stream()
                    .filter(o -> o.classId() >= 0 && o.classId() < classOf.length && classOf[o.classId()] > 0)
                    .toList();
            for (int p = 0; p < settings.positives() && !objects.isEmpty(); p++) {
                ObjectBox object = objects.get(random.nextInt(objects.size()));
                Box w = positive(object.box(), batch.width(), batch.height(), random);
                if (w != null) {
                    windows.add(w);
                    imageOf.add(n);
                    objectOf.add(object);
                }
            }
            for (int q = 0; q < settings.negatives(); q++) {
                boolean near = !objects.isEmpty() && q % 2 == 0;
                Box w = negative(objects, near, batch.width(), batch.height(), random);
                if (w != null) {
                    windows.add(w);
                    imageOf.add(n);
                    objectOf.add(null);
                }
            }
        }
        return crop(batch, windows, imageOf, objectOf);
    }

    private Box positive(Box box, int width, int height, SplittableRandom random) {
        for (int t = 0; t < TRIES; t++) {
            double aspect = settings.aspects()[random.nextInt(settings.aspects().length)];
            double area = box.area() * Math.exp(random.nextDouble(Math.log(0.6), Math.log(1.8)));
            double w = Math.sqrt(area * aspect);
            double h = Math.sqrt(area / aspect);
            double cx = (box.x1() + box.x2()) / 2 + random.nextDouble(-0.2, 0.2) * w;
            double cy = (box.y1() + box.y2()) / 2 + random.nextDouble(-0.2, 0.2) * h;
            Box window = inside(cx, cy, w, h, width, height);
            if (window != null && window.iou(box) >= settings.positiveIou()) {
                return window;
            }
        }
        return null;
    }

    private Box negative(List<ObjectBox> objects, boolean near, int width, int height, SplittableRandom random) {
        for (int t = 0; t < TRIES; t++) {
            double aspect = settings.aspects()[random.nextInt(settings.aspects().length)];
            Box window;
            if (near) {
                Box box = objects.get(random.nextInt(objects.size())).box();
                double area = box.area() * Math.exp(random.nextDouble(Math.log(0.3), Math.log(4)));
                double w = Math.sqrt(area * aspect);
                double h = Math.sqrt(area / aspect);
                window = inside((box.x1() + box.x2()) / 2 + random.nextDouble(-1, 1) * w,
                        (box.y1() + box.y2()) / 2 + random.nextDouble(-1, 1) * h, w, h, width, height);
            } else {
                double h = Math.exp(random.nextDouble(Math.log(MIN_SIDE), Math.log(height) + 1e-9));
                double w = h * aspect;
                window = w > width ? null
                        : inside(random.nextDouble(w / 2, width - w / 2 + 1e-9),
                                random.nextDouble(h / 2, height - h / 2 + 1e-9), w, h, width, height);
            }
            if (window != null && maxIou(window, objects) < settings.negativeIou()) {
                return window;
            }
        }
        return null;
    }

    private static double maxIou(Box window, List<ObjectBox> objects) {
        double best = 0;
        for (ObjectBox o : objects) {
            best = Math.max(best, window.iou(o.box()));
        }
        return best;
    }

    /** The {@code w x h} window centred at (cx, cy), shifted inside the image; null if it is too small or too big. */
    private static Box inside(double cx, double cy, double w, double h, int width, int height) {
        if (w > width || h > height || Math.min(w, h) < MIN_SIDE) {
            return null;
        }
        double x1 = Math.min(Math.max(cx - w / 2, 0), width - w);
        double y1 = Math.min(Math.max(cy - h / 2, 0), height - h);
        return new Box(x1, y1, x1 + w, y1 + h);
    }

    private Windows crop(Batch batch, List<Box> windows, List<Integer> imageOf, List<ObjectBox> objectOf) {
        int m = windows.size();
        int side = LocalizerNet.WINDOW;
        int plane = side * side;
        int targets = 4 * (numClasses - 1);
        float[] pixels = new float[m * 3 * plane];
        int[] classes = new int[m];
        float[] boxTargets = new float[m * targets];
        float[] boxMask = new float[m * targets];
        for (int k = 0; k < m; k++) {
            Box w = windows.get(k);
            resample(batch, imageOf.get(k), w, pixels, k * 3 * plane);
            ObjectBox object = objectOf.get(k);
            if (object != null) {
                int c = classOf[object.classId()];
                classes[k] = c;
                double[] t = ENCODING.encode(object.box(), w);
                for (int i = 0; i < 4; i++) {
                    boxTargets[k * targets + 4 * (c - 1) + i] = (float) t[i];
                    boxMask[k * targets + 4 * (c - 1) + i] = 1;
                }
            }
        }
        return new Windows(m, pixels, classes, boxTargets, boxMask);
    }

    /** Bilinear resampling (pixel centres at +0.5, edges clamped) of one window of image n into dst at offset. */
    private static void resample(Batch batch, int n, Box window, float[] dst, int offset) {
        int side = LocalizerNet.WINDOW;
        int width = batch.width();
        int height = batch.height();
        int plane = width * height;
        float[] src = batch.images();
        int base = n * 3 * plane;
        double sx = window.width() / side;
        double sy = window.height() / side;
        for (int y = 0; y < side; y++) {
            double fy = Math.min(Math.max(window.y1() + (y + 0.5) * sy - 0.5, 0), height - 1);
            int y0 = (int) fy;
            int y1 = Math.min(y0 + 1, height - 1);
            float wy = (float) (fy - y0);
            for (int x = 0; x < side; x++) {
                double fx = Math.min(Math.max(window.x1() + (x + 0.5) * sx - 0.5, 0), width - 1);
                int x0 = (int) fx;
                int x1 = Math.min(x0 + 1, width - 1);
                float wx = (float) (fx - x0);
                for (int c = 0; c < 3; c++) {
                    int p = base + c * plane;
                    float top = src[p + y0 * width + x0] * (1 - wx) + src[p + y0 * width + x1] * wx;
                    float bottom = src[p + y1 * width + x0] * (1 - wx) + src[p + y1 * width + x1] * wx;
                    dst[offset + c * side * side + y * side + x] = top * (1 - wy) + bottom * wy;
                }
            }
        }
    }
}

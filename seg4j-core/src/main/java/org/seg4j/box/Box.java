package org.seg4j.box;

/**
 * An axis-aligned box in continuous pixel coordinates: the image spans [0, width] x [0, height], so a box covering
 * pixels 10..19 inclusive has x1 = 10, x2 = 20. Area is (x2 - x1) * (y2 - y1).
 */
public record Box(double x1, double y1, double x2, double y2) {
    public Box {
        if (!(x2 > x1) || !(y2 > y1)) {
            throw new IllegalArgumentException("box must have positive width and height: " + describe(x1, y1, x2, y2));
        }
    }

    private static String describe(double a, double b, double c, double d) {
        return "(" + a + ", " + b + ") - (" + c + ", " + d + ")";
    }

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double area() {
        return width() * height();
    }

    /** Intersection over union with another box (0 when they do not overlap). */
    public double iou(Box o) {
        double iw = Math.min(x2, o.x2) - Math.max(x1, o.x1);
        double ih = Math.min(y2, o.y2) - Math.max(y1, o.y1);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        return inter / (area() + o.area() - inter);
    }
}

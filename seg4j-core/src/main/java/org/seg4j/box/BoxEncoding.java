package org.seg4j.box;

/**
 * How a box is written as four regression targets relative to a window (an anchor, a proposal or a sliding-window
 * position), and read back. {@code decode(encode(b, w), w)} equals {@code b} up to rounding.
 */
public interface BoxEncoding {
    /** The four targets of {@code box} relative to {@code window}. */
    double[] encode(Box box, Box window);

    /**
     * The box that {@code targets} describe relative to {@code window}.
     *
     * @throws IllegalArgumentException if {@code targets} does not have four finite values, or describes a box of
     *     non-positive width or height (possible for regressed values under {@link CornerOffsets})
     */
    Box decode(double[] targets, Box window);

    static void checkTargets(double[] t) {
        if (t.length != 4) {
            throw new IllegalArgumentException("expected 4 box targets, got " + t.length);
        }
        for (double v : t) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("box target is not finite: " + v);
            }
        }
    }

    /**
     * The R-CNN parameterisation (Girshick et al., CVPR 2014, appendix C; Faster R-CNN, Ren et al., NIPS 2015,
     * eq. 2) on centres and sizes: {@code (dx, dy, dw, dh) = ((x - xa) / wa, (y - ya) / ha, log(w / wa),
     * log(h / ha))}, where {@code (x, y, w, h)} is the box's centre and size and {@code (xa, ya, wa, ha)} the
     * window's. Decoding always gives a valid box.
     */
    final class CentreLog implements BoxEncoding {
        @Override
        public double[] encode(Box box, Box window) {
            double wa = window.width();
            double ha = window.height();
            return new double[] {
                (centre(box.x1(), box.x2()) - centre(window.x1(), window.x2())) / wa,
                (centre(box.y1(), box.y2()) - centre(window.y1(), window.y2())) / ha,
                Math.log(box.width() / wa),
                Math.log(box.height() / ha)};
        }

        @Override
        public Box decode(double[] t, Box window) {
            checkTargets(t);
            double x = centre(window.x1(), window.x2()) + t[0] * window.width();
            double y = centre(window.y1(), window.y2()) + t[1] * window.height();
            double w = window.width() * Math.exp(t[2]);
            double h = window.height() * Math.exp(t[3]);
            return new Box(x - w / 2, y - h / 2, x + w / 2, y + h / 2);
        }

        private static double centre(double a, double b) {
            return (a + b) / 2;
        }
    }

    /**
     * The edges relative to the window's edges, in window widths and heights, as OverFeat's regressor outputs the
     * four box edges (Sermanet et al., ICLR 2014, section 4.2): {@code ((x1 - xa1) / wa, (y1 - ya1) / ha,
     * (x2 - xa2) / wa, (y2 - ya2) / ha)}. All zeros is the window itself.
     */
    final class CornerOffsets implements BoxEncoding {
        @Override
        public double[] encode(Box box, Box window) {
            double wa = window.width();
            double ha = window.height();
            return new double[] {
                (box.x1() - window.x1()) / wa, (box.y1() - window.y1()) / ha,
                (box.x2() - window.x2()) / wa, (box.y2() - window.y2()) / ha};
        }

        @Override
        public Box decode(double[] t, Box window) {
            checkTargets(t);
            double wa = window.width();
            double ha = window.height();
            return new Box(window.x1() + t[0] * wa, window.y1() + t[1] * ha, window.x2() + t[2] * wa,
                    window.y2() + t[3] * ha);
        }
    }
}

package org.seg4j.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Adaptive average pooling to a fixed output size, as PyTorch's {@code nn.AdaptiveAvgPool2d}: output cell i along an
 * axis of input length n and output length m averages input indices [floor(i n / m), ceil((i + 1) n / m)). Bins may
 * overlap and, when m > n, repeat input cells. Computed as A_h X A_w^T with averaging matrices A (m x n), so it has a
 * gradient. No parameters. NCHW input.
 */
public final class AdaptiveAvgPool2d extends AbstractBlock {
    private final int outHeight;
    private final int outWidth;

    /** Pools to {@code outHeight x outWidth}. */
    public AdaptiveAvgPool2d(int outHeight, int outWidth) {
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("output size must be positive, got " + outHeight + "x" + outWidth);
        }
        this.outHeight = outHeight;
        this.outWidth = outWidth;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        int height = (int) s.get(2);
        int width = (int) s.get(3);
        NDArray rows = x.getManager().create(averaging(height, outHeight), new Shape(outHeight, height))
                .toType(x.getDataType(), false);
        NDArray cols = x.getManager().create(averaging(width, outWidth), new Shape(outWidth, width))
                .toType(x.getDataType(), false);
        return new NDList(rows.matMul(x).matMul(cols.transpose()));
    }

    /** Row-major m x n matrix whose row i averages the input bin of output cell i. */
    static float[] averaging(int n, int m) {
        float[] a = new float[m * n];
        for (int i = 0; i < m; i++) {
            int start = (int) Math.floor((double) i * n / m);
            int end = (int) Math.ceil((double) (i + 1) * n / m);
            for (int j = start; j < end; j++) {
                a[i * n + j] = 1f / (end - start);
            }
        }
        return a;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), outHeight, outWidth)};
    }

    @Override
    public String toString() {
        return "AdaptiveAvgPool2d(" + outHeight + ", " + outWidth + ")";
    }
}

package org.seg4j.nn.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import org.seg4j.data.loader.Batch;

/**
 * Hands a {@link Batch} to DJL: the images as a float32 N x 3 x H x W array named {@code "image"} and, when the
 * batch has labels, the training ids as an int64 N x H x W array named {@code "label"} (the index type PyTorch's
 * cross-entropy expects). The arrays belong to the given manager; close it (or a sub-manager made per batch) to free
 * them.
 */
public final class BatchArrays {
    public static final String IMAGE = "image";
    public static final String LABEL = "label";

    private BatchArrays() {
    }

    /** {@code [image]} or {@code [image, label]}. */
    public static NDList toNDList(Batch batch, NDManager manager) {
        int n = batch.size();
        NDArray image = manager.create(FloatBuffer.wrap(batch.images()), new Shape(n, 3, batch.height(),
                batch.width()));
        image.setName(IMAGE);
        if (batch.labels() == null) {
            return new NDList(image);
        }
        // uint8 keeps 128..255 unsigned; widening to int64 happens in the engine
        try (NDArray bytes = manager.create(ByteBuffer.wrap(batch.labels()), new Shape(n, batch.height(),
                batch.width()), DataType.UINT8)) {
            NDArray label = bytes.toType(DataType.INT64, false);
            label.setName(LABEL);
            return new NDList(image, label);
        }
    }
}

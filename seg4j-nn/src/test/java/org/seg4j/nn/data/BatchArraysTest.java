package org.seg4j.nn.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.loader.Batch;

class BatchArraysTest {
    @Test
    void imagesBecomeFloatNchwAndLabelsUnsignedInt64Nhw() {
        // N = 2, H = 2, W = 3: image value = the flat index / 10, labels include 200 and 255 (negative as bytes)
        float[] images = new float[2 * 3 * 2 * 3];
        for (int i = 0; i < images.length; i++) {
            images[i] = i / 10f;
        }
        byte[] labels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, (byte) 200, (byte) 255};
        Batch batch = new Batch(new int[] {4, 9}, List.of("a", "b"), 3, 2, images, labels,
                List.of(List.of(new ObjectBox(new Box(0, 0, 1, 1), 1, false)), List.of()));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList list = BatchArrays.toNDList(batch, manager);
            assertThat(list).hasSize(2);
            assertThat(list.get(0).getName()).isEqualTo("image");
            assertThat(list.get(0).getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(list.get(0).getShape()).isEqualTo(new Shape(2, 3, 2, 3));
            assertThat(list.get(0).toFloatArray()).containsExactly(images);
            // element (n=1, c=2, y=1, x=0) is flat index ((1 * 3 + 2) * 2 + 1) * 3 + 0 = 33
            assertThat(list.get(0).getFloat(1, 2, 1, 0)).isEqualTo(3.3f);

            assertThat(list.get(1).getName()).isEqualTo("label");
            assertThat(list.get(1).getDataType()).isEqualTo(DataType.INT64);
            assertThat(list.get(1).getShape()).isEqualTo(new Shape(2, 2, 3));
            assertThat(list.get(1).toLongArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 200, 255);
            assertThat(list.get(1).getLong(1, 1, 2)).isEqualTo(255L);
        }
    }

    @Test
    void unlabelledBatchGivesTheImageOnly() {
        Batch batch = new Batch(new int[] {0}, List.of("a"), 1, 1, new float[] {1, 2, 3}, null, List.of(List.of()));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList list = BatchArrays.toNDList(batch, manager);
            assertThat(list).hasSize(1);
            assertThat(list.singletonOrThrow().toFloatArray()).containsExactly(1, 2, 3);
        }
    }
}

package org.seg4j.nn.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.seg4j.BadInputException;

/**
 * One tensor of a safetensors file: its name, element type, shape and raw little-endian bytes (a read-only view of
 * the file, usually memory-mapped). The byte length always equals the product of the shape times the element size;
 * {@link Safetensors#read} checks that.
 */
public final class StoredTensor {
    private final Path file;
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final ByteBuffer data;

    StoredTensor(Path file, String name, DType dtype, long[] shape, ByteBuffer data) {
        this.file = file;
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements: the product of the shape (1 for a scalar). */
    public long size() {
        return elementCount(shape);
    }

    /** A read-only little-endian view of the raw bytes. */
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The values as float32, converted exactly from F16 and BF16 and rounded from F64.
     *
     * @throws BadInputException if the type is not a floating-point type or the tensor has 2^31 elements or more
     */
    public float[] toFloats() {
        if (!dtype.isFloat()) {
            throw new BadInputException(file, "tensor '" + name + "' has dtype " + dtype
                    + "; expected a floating-point tensor (F32, F16, BF16 or F64)");
        }
        float[] out = new float[intSize()];
        ByteBuffer b = data();
        if (dtype == DType.F32) {
            b.asFloatBuffer().get(out);
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case F16 -> HalfFloat.halfToFloat(b.getShort(2 * i));
                case BF16 -> HalfFloat.bf16ToFloat(b.getShort(2 * i));
                default -> (float) b.getDouble(8 * i);
            };
        }
        return out;
    }

    /**
     * The values of an I64 tensor.
     *
     * @throws BadInputException if the type is not I64
     */
    public long[] toLongs() {
        if (dtype != DType.I64) {
            throw new BadInputException(file, "tensor '" + name + "' has dtype " + dtype + "; expected I64");
        }
        long[] out = new long[intSize()];
        data().asLongBuffer().get(out);
        return out;
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape);
    }

    private int intSize() {
        long n = size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new BadInputException(file, "tensor '" + name + "' has " + n + " elements, more than a Java array holds");
        }
        return (int) n;
    }

    /** Product of the dimensions, or -1 on overflow of a long. */
    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d != 0 && n > Long.MAX_VALUE / d) {
                return -1;
            }
            n *= d;
        }
        return n;
    }
}

package org.seg4j.nn.io;

/**
 * The element types of the safetensors format (https://github.com/huggingface/safetensors#format), with their size
 * in bytes. All are stored little-endian. seg4j converts the floating-point ones (F32, F16, BF16, F64) to float32 on
 * load and reads I64 for BatchNorm's {@code num_batches_tracked} buffer.
 */
public enum DType {
    BOOL(1), U8(1), I8(1), I16(2), U16(2), F16(2), BF16(2), I32(4), U32(4), F32(4), I64(8), U64(8), F64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether seg4j can convert this type to float32. */
    public boolean isFloat() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }

    /** The type named {@code name} in a safetensors header, or null when there is none. */
    public static DType parse(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}

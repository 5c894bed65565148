package org.seg4j.onnx.export;

import ai.djl.ndarray.types.Shape;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import org.seg4j.onnx.proto.OnnxProto.AttributeProto;

/** ONNX node attributes ({@code AttributeProto}: a name, a type tag and the value field that tag names). */
final class Attributes {
    private Attributes() {
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** ONNX {@code pads} {@code [top, left, bottom, right]} of a symmetric (height, width) padding. */
    static AttributeProto pads(Shape padding) {
        return ints("pads", padding.get(0), padding.get(1), padding.get(0), padding.get(1));
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
    }
}

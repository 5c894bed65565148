package org.seg4j.onnx.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.seg4j.onnx.proto.OnnxProto.AttributeProto;
import org.seg4j.onnx.proto.OnnxProto.GraphProto;
import org.seg4j.onnx.proto.OnnxProto.ModelProto;
import org.seg4j.onnx.proto.OnnxProto.NodeProto;
import org.seg4j.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.seg4j.onnx.proto.OnnxProto.TensorProto;
import org.seg4j.onnx.proto.OnnxProto.TensorShapeProto;
import org.seg4j.onnx.proto.OnnxProto.TypeProto;
import org.seg4j.onnx.proto.OnnxProto.ValueInfoProto;

/**
 * Builds one ONNX graph (ONNX IR, {@code onnx.proto}: a {@code GraphProto} of {@code NodeProto}s in topological order,
 * weights as {@code initializer} tensors, typed graph inputs and outputs) and wraps it in a {@code ModelProto}.
 * Values are referred to by name; every name this builder hands out is unique in the graph.
 */
public final class OnnxGraph {
    /** The operator set the exporter writes: ai.onnx opset 17 (ONNX 1.12). */
    public static final int OPSET = 17;
    /** ONNX IR version 8 (ONNX 1.12's {@code IR_VERSION}). */
    static final long IR_VERSION = 8;

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("seg4j");
    private final Map<String, Integer> used = new HashMap<>();

    /** A name starting with {@code hint} not used before in this graph. */
    public String fresh(String hint) {
        int n = used.merge(hint, 1, Integer::sum);
        return n == 1 ? hint : hint + "_" + (n - 1);
    }

    /**
     * Declares a float32 graph input; each dimension is its size, or a symbolic (dynamic) dimension when the size is
     * negative, named by {@code names} at the same position.
     */
    public String input(String name, long[] dims, String[] names) {
        graph.addInput(valueInfo(name, dims, names));
        used.merge(name, 1, Integer::sum);
        return name;
    }

    /** Makes {@code value} a float32 graph output called {@code name} (through an Identity node). */
    public void output(String value, String name, long[] dims, String[] names) {
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(fresh("Identity")).addInput(value)
                .addOutput(name));
        used.merge(name, 1, Integer::sum);
        graph.addOutput(valueInfo(name, dims, names));
    }

    private static ValueInfoProto valueInfo(String name, long[] dims, String[] names) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            shape.addDim(dims[i] >= 0 ? TensorShapeProto.Dimension.newBuilder().setDimValue(dims[i])
                    : TensorShapeProto.Dimension.newBuilder().setDimParam(names[i]));
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    /** A float32 initializer holding {@code array}'s values (converted from float16 or any other type). */
    public String weight(String hint, NDArray array) {
        NDArray values = array.getDataType() == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
        return floats(hint, array.getShape().getShape(), values.toFloatArray());
    }

    /** A float32 initializer of the given shape. */
    public String floats(String hint, long[] dims, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return initializer(hint, TensorProto.DataType.FLOAT_VALUE, dims, bytes);
    }

    /** A 1-D int64 initializer (shapes, pads, slice bounds). */
    public String ints(String hint, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        return initializer(hint, TensorProto.DataType.INT64_VALUE, new long[] {values.length}, bytes);
    }

    private String initializer(String hint, int dataType, long[] dims, ByteBuffer littleEndian) {
        String name = fresh(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(dataType)
                .setRawData(ByteString.copyFrom(littleEndian.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds a node with one output and returns the output's name. An empty input name is an omitted input. */
    public String node(String opType, List<String> inputs, AttributeProto... attributes) {
        return node(opType, inputs, 1, attributes).get(0);
    }

    /** Adds a node with {@code outputs} outputs and returns their names. */
    public List<String> node(String opType, List<String> inputs, int outputs, AttributeProto... attributes) {
        String name = fresh(opType);
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            names.add(fresh(name + "_out" + i));
        }
        node.addAllOutput(names);
        for (AttributeProto a : attributes) {
            node.addAttribute(a);
        }
        graph.addNode(node);
        return names;
    }

    /** The model: this graph, opset {@link #OPSET} of the default (ai.onnx) domain, and producer seg4j. */
    public ModelProto model(String producerVersion, String docString) {
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("seg4j")
                .setProducerVersion(producerVersion).setDocString(docString)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph).build();
    }
}

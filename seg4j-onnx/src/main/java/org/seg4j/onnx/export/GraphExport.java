package org.seg4j.onnx.export;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One export in progress: the graph being built and the exporter of each block class. A block is exported by the
 * first registered exporter whose class it is an instance of.
 */
final class GraphExport {
    private final OnnxGraph graph = new OnnxGraph();
    private final Map<Class<? extends Block>, BlockExporter> exporters;
    private final Shapes shapes = new Shapes(graph);

    GraphExport(Map<Class<? extends Block>, BlockExporter> exporters) {
        this.exporters = new LinkedHashMap<>(exporters);
    }

    OnnxGraph graph() {
        return graph;
    }

    /** Dynamic shape arithmetic on this graph. */
    Shapes shapes() {
        return shapes;
    }

    /**
     * Exports {@code block} applied to {@code inputs}.
     *
     * @throws UnsupportedOperationException if no exporter handles the block's class
     */
    List<String> export(Block block, List<String> inputs) {
        for (Map.Entry<Class<? extends Block>, BlockExporter> e : exporters.entrySet()) {
            if (e.getKey().isInstance(block)) {
                return e.getValue().export(block, inputs, this);
            }
        }
        throw new UnsupportedOperationException("no ONNX export for the block " + block.getClass().getName());
    }

    /** Exports a block that takes one value and returns one. */
    String single(Block block, String input) {
        List<String> out = export(block, List.of(input));
        if (out.size() != 1) {
            throw new IllegalStateException(block.getClass().getSimpleName() + " returned " + out.size()
                    + " values where one was expected");
        }
        return out.get(0);
    }

    /** ONNX {@code Relu} of {@code x}. */
    String relu(String x) {
        return graph.node("Relu", List.of(x));
    }

    /** The named parameter of {@code block} as a float32 initializer. */
    String parameter(Block block, String name) {
        Parameter p = block.getParameters().get(name);
        if (p == null || !p.isInitialized()) {
            throw new IllegalStateException(block.getClass().getSimpleName() + " has no initialised parameter " + name);
        }
        return graph.weight(name, p.getArray());
    }

    /** The inputs of a convolution-like node: {@code x}, the block's weight and, if it has one, its bias. */
    List<String> weightAndBias(Block block, String x) {
        List<String> in = new ArrayList<>(List.of(x, parameter(block, "weight")));
        if (block.getParameters().get("bias") != null) {
            in.add(parameter(block, "bias"));
        }
        return in;
    }

    /** The children of {@code parent} by name (without DJL's two-digit position prefix), in order. */
    static Map<String, Block> children(Block parent) {
        Map<String, Block> children = new LinkedHashMap<>();
        parent.getChildren().forEach(e -> children.put(e.getKey().substring(2), e.getValue()));
        return children;
    }

    /** The child called {@code name}. */
    static Block child(Block parent, String name) {
        Block child = children(parent).get(name);
        if (child == null) {
            throw new IllegalStateException(parent.getClass().getSimpleName() + " has no child " + name);
        }
        return child;
    }
}

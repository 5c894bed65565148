package org.seg4j.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A feature extractor that returns named intermediate feature maps, like torchvision's
 * {@code IntermediateLayerGetter}: the layers run in order, the outputs of the requested layers are returned (in the
 * order requested, each {@link NDArray#setName named}), and layers after the last requested one are dropped.
 * Built by {@link Vgg16.Builder#buildBackbone} and {@link ResNet.Builder#buildBackbone}; its child names follow the
 * PyTorch module, so a torchvision classifier's state_dict (minus the classifier keys) loads into it.
 */
public final class Backbone extends AbstractBlock {
    /**
     * One layer of a backbone.
     *
     * @param name the PyTorch module name
     * @param block the layer
     * @param feature the named feature map its output is, or null
     */
    public record Layer(String name, Block block, FeatureSpec feature) {
    }

    private final List<Layer> layers;
    private final List<FeatureSpec> returned;

    /**
     * @param container name of the {@code nn.Sequential} holding the layers ("features" for VGG), or null when the
     *     layers are direct children (ResNet)
     * @param layers all layers in order
     * @param returnedNames names of the feature maps to return, in output order
     * @throws IllegalArgumentException for an unknown or repeated feature name
     */
    Backbone(String container, List<Layer> layers, List<String> returnedNames) {
        Map<String, FeatureSpec> available = new LinkedHashMap<>();
        Map<String, Integer> position = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            FeatureSpec f = layers.get(i).feature();
            if (f != null) {
                available.put(f.name(), f);
                position.put(f.name(), i);
            }
        }
        if (returnedNames.isEmpty()) {
            throw new IllegalArgumentException("no feature maps requested; available: " + String.join(", ", available.keySet()));
        }
        List<FeatureSpec> specs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int last = 0;
        for (String name : returnedNames) {
            FeatureSpec f = available.get(name);
            if (f == null || !seen.add(name)) {
                throw new IllegalArgumentException((f == null ? "unknown" : "repeated") + " feature map '" + name
                        + "'; available: " + String.join(", ", available.keySet()));
            }
            specs.add(f);
            last = Math.max(last, position.get(name));
        }
        this.returned = List.copyOf(specs);
        this.layers = List.copyOf(layers.subList(0, last + 1));
        if (container == null) {
            this.layers.forEach(l -> addChildBlock(l.name(), l.block()));
        } else {
            NamedSequential seq = new NamedSequential();
            this.layers.forEach(l -> seq.add(l.name(), l.block()));
            addChildBlock(container, seq);
        }
    }

    /** The layers {@code forward} runs, in order, each with the feature map its output is (or null). */
    public List<Layer> layers() {
        return layers;
    }

    /** The feature maps {@code forward} returns, in order. */
    public List<FeatureSpec> features() {
        return returned;
    }

    /**
     * The feature map called {@code name} in a forward output.
     *
     * @throws IllegalArgumentException if the output has no such map
     */
    public static NDArray feature(NDList output, String name) {
        for (NDArray a : output) {
            if (name.equals(a.getName())) {
                return a;
            }
        }
        throw new IllegalArgumentException("no feature map named '" + name + "' in the backbone output");
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        Map<String, NDArray> found = new LinkedHashMap<>();
        NDList x = inputs;
        for (Layer layer : layers) {
            x = layer.block().forward(store, x, training, params);
            if (layer.feature() != null) {
                found.put(layer.feature().name(), x.singletonOrThrow());
            }
        }
        NDList out = new NDList(returned.size());
        for (FeatureSpec f : returned) {
            NDArray a = found.get(f.name());
            a.setName(f.name());
            out.add(a);
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, shapes);
            shapes = child.getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Map<String, Shape> found = new LinkedHashMap<>();
        Shape[] shapes = inputShapes;
        for (Layer layer : layers) {
            shapes = layer.block().getOutputShapes(shapes);
            if (layer.feature() != null) {
                found.put(layer.feature().name(), shapes[0]);
            }
        }
        return returned.stream().map(f -> found.get(f.name())).toArray(Shape[]::new);
    }
}

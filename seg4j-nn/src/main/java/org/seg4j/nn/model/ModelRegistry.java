package org.seg4j.nn.model;

import ai.djl.nn.Block;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seg4j.nn.io.ModelCard;

/**
 * Architecture name to factory. {@link #standard()} holds every architecture seg4j ships; callers may register more.
 * Names are unique; lookups of unknown names fail with the list of known ones.
 */
public final class ModelRegistry {
    private final Map<String, ArchitectureFactory> factories = new LinkedHashMap<>();

    /** A registry with the built-in architectures, in display order. */
    public static ModelRegistry standard() {
        ModelRegistry registry = new ModelRegistry();
        registry.register(Vgg16.classifierFactory(false));
        registry.register(Vgg16.classifierFactory(true));
        registry.register(ResNet.classifierFactory(50));
        registry.register(ResNet.classifierFactory(101));
        registry.register(Fcn.factory(Fcn.Variant.FCN32S));
        registry.register(Fcn.factory(Fcn.Variant.FCN16S));
        registry.register(Fcn.factory(Fcn.Variant.FCN8S));
        registry.register(DeepLab.largeFovFactory());
        registry.register(DeepLab.v2Vgg16Factory());
        registry.register(DeepLab.v2ResNet101Factory());
        registry.register(UNet.factory());
        registry.register(SegNet.basicFactory());
        registry.register(SegNet.factory());
        registry.register(LocalizerNet.factory());
        return registry;
    }

    /**
     * Adds a factory.
     *
     * @throws IllegalArgumentException if its name is taken
     */
    public ModelRegistry register(ArchitectureFactory factory) {
        if (factories.putIfAbsent(factory.name(), factory) != null) {
            throw new IllegalArgumentException("architecture already registered: " + factory.name());
        }
        return this;
    }

    /**
     * The factory registered under {@code name}.
     *
     * @throws IllegalArgumentException naming the unknown architecture and listing the known ones
     */
    public ArchitectureFactory get(String name) {
        ArchitectureFactory factory = factories.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown architecture '" + name + "'; known: "
                    + String.join(", ", factories.keySet()));
        }
        return factory;
    }

    /** Builds the named architecture. */
    public Block create(String name, ModelArgs args) {
        return get(name).create(args);
    }

    /** Builds the architecture a model card names, with the card's classes, input channels and options. */
    public Block create(ModelCard card) {
        return create(card.architecture(), new ModelArgs(card.numClasses(), card.inChannels(), card.options()));
    }

    /**
     * {@link #create(ModelCard)} for a segmenter.
     *
     * @throws IllegalArgumentException also if the architecture does not segment ({@link ArchitectureFactory#segments})
     */
    public Block createSegmentation(ModelCard card) {
        ArchitectureFactory factory = get(card.architecture());
        if (!factory.segments()) {
            throw new IllegalArgumentException("architecture '" + card.architecture() + "' does not segment images: "
                    + factory.description());
        }
        return create(card);
    }

    /** All factories in registration order. */
    public List<ArchitectureFactory> factories() {
        return List.copyOf(factories.values());
    }
}

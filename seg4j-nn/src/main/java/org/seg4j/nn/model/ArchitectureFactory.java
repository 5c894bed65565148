package org.seg4j.nn.model;

import ai.djl.nn.Block;

/** Builds one named network architecture from {@link ModelArgs}; registered in a {@link ModelRegistry}. */
public interface ArchitectureFactory {
    /** The registry name, e.g. {@code vgg16}. */
    String name();

    /** One line: what the network is and which paper it follows. */
    String description();

    /**
     * Builds a fresh, uninitialized block.
     *
     * @throws IllegalArgumentException for an unknown option (naming it and listing the valid ones) or a bad value
     */
    Block create(ModelArgs args);

    /**
     * Whether the network maps an image to per-pixel class scores of the image's size, so that a segmenter can run
     * it; false for image classifiers and the localizer.
     */
    default boolean segments() {
        return true;
    }
}

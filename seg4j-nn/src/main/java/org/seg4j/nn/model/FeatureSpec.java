package org.seg4j.nn.model;

/**
 * A named feature map a {@link Backbone} can return.
 *
 * @param name e.g. {@code pool4} or {@code layer3}
 * @param channels number of channels
 * @param stride input pixels per feature-map pixel (the "output stride" at this point), nominal when padding shifts it
 */
public record FeatureSpec(String name, int channels, int stride) {
}

package org.seg4j.nn.localize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.seg4j.nn.layer.FcToConv;
import org.seg4j.nn.model.LocalizerNet;

/**
 * A trained {@link LocalizerNet} with its fully connected heads turned into convolutions (OverFeat section 3.5,
 * "ConvNets and sliding window efficiency"; the same reshaping as FCN's, {@link FcToConv}): each head's first Linear
 * becomes a {@value LocalizerNet#FEATURE} x {@value LocalizerNet#FEATURE} convolution over the backbone's map, its
 * second a 1x1 convolution. On an image of {@code H x W >= 94 x 94} one forward pass gives the class logits and box
 * targets of every window at stride {@value LocalizerNet#STRIDE}: output position {@code (i, j)} is the window with
 * top-left corner {@code (16 j, 16 i)}, and equals {@link LocalizerNet#forward} on that crop (the backbone's unpadded
 * convolutions see the same pixels; pools stay aligned because 16 is a multiple of every pooling stride).
 *
 * <p>The backbone is shared with the network, not copied; the heads' weights are copied at construction.
 */
public final class ConvolutionalLocalizer {
    private final LocalizerNet net;
    private final Block classifier;
    private final Block regressor;

    /** Converts the heads of an initialised (trained) network; the convolutions live on {@code manager}. */
    public ConvolutionalLocalizer(LocalizerNet net, NDManager manager) {
        this.net = net;
        this.classifier = convolutional(net.classifier(), net.featureChannels(), manager);
        this.regressor = convolutional(net.regressor(), net.featureChannels(), manager);
    }

    private static Block convolutional(ai.djl.nn.SequentialBlock head, int channels, NDManager manager) {
        Linear first = (Linear) head.getChildren().get(0).getValue();
        Linear second = (Linear) head.getChildren().get(2).getValue();
        Conv2d c1 = FcToConv.toConv2d(manager, first.getParameters().get("weight").getArray(),
                first.getParameters().get("bias").getArray(), channels, LocalizerNet.FEATURE, LocalizerNet.FEATURE);
        long hidden = first.getParameters().get("weight").getArray().getShape().get(0);
        Conv2d c2 = FcToConv.toConv2d(manager, second.getParameters().get("weight").getArray(),
                second.getParameters().get("bias").getArray(), Math.toIntExact(hidden), 1, 1);
        ai.djl.nn.SequentialBlock conv = new ai.djl.nn.SequentialBlock().add(c1).add(Activation.reluBlock()).add(c2);
        conv.freezeParameters(true); // inference only: no autograd graph
        return conv;
    }

    /** The network whose heads this evaluates. */
    public LocalizerNet net() {
        return net;
    }

    /** The number of window positions along an axis of {@code size} input pixels (0 if below one window). */
    public static int positions(long size) {
        long s = size;
        for (int stage = 0; stage < LocalizerNet.STAGES; stage++) {
            s = (s - 2) / 2;
        }
        return (int) Math.max(0, s - LocalizerNet.FEATURE + 1);
    }

    /**
     * Class logits {@code [N, K, h, w]} and box targets {@code [N, 4(K-1), h, w]} of every window, {@code h} and
     * {@code w} as {@link #positions}, attached to the input's manager.
     *
     * @throws IllegalArgumentException for an input smaller than one window
     */
    public NDList forward(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(2) < LocalizerNet.WINDOW || s.get(3) < LocalizerNet.WINDOW) {
            throw new IllegalArgumentException("the convolutional localizer needs [N, C, H, W] with H and W at least "
                    + LocalizerNet.WINDOW + "; got " + s);
        }
        ParameterStore store = new ParameterStore(images.getManager(), false);
        NDArray features = net.backbone().forward(store, new NDList(images), false).singletonOrThrow();
        NDList in = new NDList(features);
        return new NDList(classifier.forward(store, in, false).singletonOrThrow(),
                regressor.forward(store, in, false).singletonOrThrow());
    }
}

package org.seg4j.nn.localize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.seg4j.nn.layer.BatchNormFolding;
import org.seg4j.nn.layer.FcToConv;
import org.seg4j.nn.layer.MaxPool2x2;
import org.seg4j.nn.model.LocalizerNet;
import org.seg4j.nn.model.NamedSequential;

/**
 * A trained {@link LocalizerNet} with its fully connected heads turned into convolutions (OverFeat section 3.5,
 * "ConvNets and sliding window efficiency"; the same reshaping as FCN's, {@link FcToConv}): each head's first Linear
 * becomes a {@value LocalizerNet#FEATURE} x {@value LocalizerNet#FEATURE} convolution over the backbone's map, its
 * second a 1x1 convolution. On an image of {@code H x W >= 94 x 94} one forward pass gives the class logits and box
 * targets of every window at stride {@value LocalizerNet#STRIDE}: output position {@code (i, j)} is the window with
 * top-left corner {@code (16 j, 16 i)}, and equals {@link LocalizerNet#forward} on that crop (the backbone's unpadded
 * convolutions see the same pixels; pools stay aligned because 16 is a multiple of every pooling stride).
 *
 * <p>The pass is arranged for inference, with the same outputs up to float rounding: each stage's batch norm is
 * folded into its convolution ({@link BatchNormFolding}); the ReLU runs after the max pool, on a quarter of the values
 * (max pooling and ReLU commute, both being monotone: {@code max(relu(a), relu(b)) = relu(max(a, b))}); the pool is
 * {@link MaxPool2x2}; the two heads' first layers run as one convolution. On a full-size image these element-wise
 * passes over the largest maps cost as much as the convolutions themselves.
 *
 * <p>All weights are copied at construction; later changes to the network do not reach this.
 */
public final class ConvolutionalLocalizer {
    private final LocalizerNet net;
    private final List<BatchNormFolding.Folded> stages;
    private final Block hidden;
    private final Block classifier;
    private final Block regressor;
    private final long hiddenUnits;

    /** Converts an initialised (trained) network; the weights live on {@code manager}. */
    public ConvolutionalLocalizer(LocalizerNet net, NDManager manager) {
        this.net = net;
        this.stages = foldedStages(net.backbone(), manager);
        Linear classifierFirst = linear(net.classifier(), 0);
        Linear regressorFirst = linear(net.regressor(), 0);
        this.hiddenUnits = weight(classifierFirst).getShape().get(0);
        try (NDManager scratch = manager.newSubManager()) {
            NDArray weights = weight(classifierFirst).concat(weight(regressorFirst), 0);
            NDArray biases = bias(classifierFirst).concat(bias(regressorFirst), 0);
            scratch.tempAttachAll(weights, biases);
            this.hidden = frozen(FcToConv.toConv2d(manager, weights, biases, net.featureChannels(),
                    LocalizerNet.FEATURE, LocalizerNet.FEATURE));
        }
        this.classifier = frozen(oneByOne(linear(net.classifier(), 2), manager));
        this.regressor = frozen(oneByOne(linear(net.regressor(), 2), manager));
    }

    /** Each backbone stage (conv, batch norm, ReLU, pool) as one convolution with the batch norm folded in. */
    private static List<BatchNormFolding.Folded> foldedStages(Block backbone, NDManager manager) {
        List<Block> layers = backbone.getChildren().values();
        List<BatchNormFolding.Folded> folded = new ArrayList<>();
        for (int stage = 0; stage < LocalizerNet.STAGES; stage++) {
            Conv2d conv = (Conv2d) layers.get(4 * stage);
            BatchNorm norm = (BatchNorm) layers.get(4 * stage + 1);
            BatchNormFolding.Folded f = BatchNormFolding.fold(conv.getParameters().get("weight").getArray(), null,
                    norm, LocalizerNet.BATCH_NORM_EPSILON);
            f.weight().attach(manager);
            f.bias().attach(manager);
            folded.add(f);
        }
        return List.copyOf(folded);
    }

    private static Linear linear(NamedSequential head, int index) {
        return (Linear) head.getChildren().get(index).getValue();
    }

    private static NDArray weight(Linear layer) {
        return layer.getParameters().get("weight").getArray();
    }

    private static NDArray bias(Linear layer) {
        return layer.getParameters().get("bias").getArray();
    }

    private Conv2d oneByOne(Linear second, NDManager manager) {
        return FcToConv.toConv2d(manager, weight(second), bias(second), Math.toIntExact(hiddenUnits), 1, 1);
    }

    private static Block frozen(Block block) {
        block.freezeParameters(true); // inference only: no autograd graph
        return block;
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
        NDArray x = images;
        for (BatchNormFolding.Folded stage : stages) {
            NDArray pooled;
            try (NDArray convolved = Conv2d.conv2d(x, stage.weight(), stage.bias()).singletonOrThrow()) {
                pooled = MaxPool2x2.pool(convolved);
            }
            NDArray next = Activation.relu(pooled);
            pooled.close();
            if (x != images) {
                x.close(); // the maps are large: free each as soon as the next exists
            }
            x = next;
        }
        ParameterStore store = new ParameterStore(images.getManager(), false);
        NDList both = Activation.relu(hidden.forward(store, new NDList(x), false).singletonOrThrow())
                .split(new long[] {hiddenUnits}, 1);
        return new NDList(classifier.forward(store, new NDList(both.get(0)), false).singletonOrThrow(),
                regressor.forward(store, new NDList(both.get(1)), false).singletonOrThrow());
    }
}

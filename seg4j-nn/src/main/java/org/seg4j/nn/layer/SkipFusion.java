package org.seg4j.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Skip connections between maps of different sizes. FCN (Long, Shelhamer &amp; Darrell, CVPR 2015, section 4.2)
 * fuses by sum after cropping the larger map at a fixed offset to the smaller one's size, as Caffe's {@code Crop}
 * layer with {@code axis: 2, offset: o} (FCN-8s at VGG16 with the 100-pixel padding: offsets 5 for pool4, 9 for pool3,
 * 31 for the final score; 19 for FCN-32s). U-Net (Ronneberger, Fischer &amp; Brox, MICCAI 2015, section 2) crops the
 * encoder map about its centre and concatenates it with the up-sampled decoder map along channels.
 */
public final class SkipFusion {
    private SkipFusion() {
    }

    /** {@code x[:, :, offH : offH + h, offW : offW + w]}; fails if the window leaves the map. */
    public static NDArray crop(NDArray x, long offH, long offW, long h, long w) {
        Shape s = x.getShape();
        if (offH < 0 || offW < 0 || offH + h > s.get(2) || offW + w > s.get(3)) {
            throw new IllegalArgumentException("crop " + h + " x " + w + " at (" + offH + ", " + offW + ") leaves the "
                    + s.get(2) + " x " + s.get(3) + " map");
        }
        return x.get(new NDIndex(":, :, {}:{}, {}:{}", offH, offH + h, offW, offW + w));
    }

    /** Crops {@code larger} at {@code (offset, offset)} to {@code smaller}'s size and adds {@code smaller} (FCN). */
    public static NDArray cropSum(NDArray larger, NDArray smaller, long offset) {
        Shape s = smaller.getShape();
        return crop(larger, offset, offset, s.get(2), s.get(3)).add(smaller);
    }

    /** Crops {@code x} about its centre to {@code h x w}; offsets {@code floor((H - h) / 2)}, {@code floor((W - w) / 2)}. */
    public static NDArray centerCrop(NDArray x, long h, long w) {
        Shape s = x.getShape();
        return crop(x, (s.get(2) - h) / 2, (s.get(3) - w) / 2, h, w);
    }

    /** U-Net: {@code concat([centerCrop(skip), up], channels)}, encoder channels first. */
    public static NDArray concatCenterCropped(NDArray skip, NDArray up) {
        Shape s = up.getShape();
        return NDArrays.concat(new NDList(centerCrop(skip, s.get(2), s.get(3)), up), 1);
    }
}

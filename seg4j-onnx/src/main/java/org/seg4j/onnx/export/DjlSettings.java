package org.seg4j.onnx.export;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.norm.BatchNorm;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Settings that DJL 0.35.1 keeps in private fields without getters, read by reflection: a {@link BatchNorm}'s epsilon,
 * axis, centre and scale flags, and the window of a max-pooling {@link LambdaBlock} ({@code Pool.maxPool2dBlock},
 * whose kernel, stride, padding and ceil mode live only in the captured arguments of its lambda, wrapped once more by
 * {@code LambdaBlock.singleton}). The export's parity tests fail if a DJL version moves them.
 */
final class DjlSettings {
    /** A batch norm's settings. */
    record BatchNormSettings(float epsilon, int axis, boolean center, boolean scale) {
    }

    /** A max pool's window. */
    record PoolSettings(Shape kernel, Shape stride, Shape padding, boolean ceilMode) {
    }

    private DjlSettings() {
    }

    static BatchNormSettings batchNorm(BatchNorm bn) {
        return new BatchNormSettings((Float) field(bn, BatchNorm.class, "epsilon"),
                (Integer) field(bn, BatchNorm.class, "axis"), (Boolean) field(bn, BatchNorm.class, "center"),
                (Boolean) field(bn, BatchNorm.class, "scale"));
    }

    /** The window of a {@code Pool.maxPool2dBlock(kernel, stride, padding, ceilMode)} block. */
    static PoolSettings maxPool(LambdaBlock block) {
        Object wrapper = field(block, LambdaBlock.class, "lambda");
        List<Object> outer = captured(wrapper);
        if (outer.size() != 1 || !(outer.get(0) instanceof Function<?, ?> inner)) {
            throw new UnsupportedOperationException("cannot read the window of max pool block " + block.getName());
        }
        List<Object> args = captured(inner);
        if (args.size() != 4 || !(args.get(0) instanceof Shape kernel) || !(args.get(1) instanceof Shape stride)
                || !(args.get(2) instanceof Shape padding) || !(args.get(3) instanceof Boolean ceilMode)) {
            throw new UnsupportedOperationException("cannot read the window of max pool block " + block.getName()
                    + ": captured " + args);
        }
        return new PoolSettings(kernel, stride, padding, ceilMode);
    }

    private static Object field(Object target, Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnsupportedOperationException("cannot read " + owner.getSimpleName() + "." + name
                    + " of this DJL version: " + e, e);
        }
    }

    /** The arguments a lambda object captured, in order (its synthetic fields {@code arg$1, arg$2, ..}). */
    private static List<Object> captured(Object lambda) {
        List<Object> values = new ArrayList<>();
        Field[] fields = lambda.getClass().getDeclaredFields();
        java.util.Arrays.sort(fields, java.util.Comparator.comparing(Field::getName)); // arg$1, arg$2, ...
        for (Field f : fields) {
            try {
                f.setAccessible(true);
                values.add(f.get(lambda));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new UnsupportedOperationException("cannot read the captured arguments of " + lambda + ": " + e, e);
            }
        }
        return values;
    }
}

package org.seg4j.nn.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.seg4j.BadInputException;
import org.seg4j.nn.engine.NativeLogLevel;

/**
 * Moves parameters between DJL blocks and PyTorch state_dicts stored as safetensors, by the keys of
 * {@link StateDictNames}. Loading follows {@code torch.nn.Module.load_state_dict}: a shape mismatch is always an
 * error; missing keys (in the block, not in the file) and unexpected keys (in the file, not in the block) are an
 * error in strict mode and reported otherwise. Everything is checked before any parameter is written, so a failed
 * load leaves the block as it was. Floating-point tensors of any stored type (F32, F16, BF16, F64) are converted to
 * float32, the type of seg4j's parameters; {@code num_batches_tracked} is ignored. Weights must be finite both ways:
 * NaN or an infinity is refused on loading and on saving ({@link NonFiniteWeightsException}).
 */
public final class StateDicts {
    private static final String BATCHES_TRACKED = "num_batches_tracked";

    private StateDicts() {
    }

    /** Loads the safetensors file {@code file} into {@code block}, keys unchanged. */
    public static LoadReport load(Block block, Path file, boolean strict) {
        return load(block, Safetensors.read(file), strict, UnaryOperator.identity());
    }

    /**
     * Loads {@code tensors} into {@code block}, whose parameters must be initialized (so their shapes are known).
     *
     * @param rename maps each file key to a block key, or to null to skip the tensor (see {@link #stripPrefix},
     *               {@link #addPrefix})
     * @throws BadInputException on a shape mismatch, a non-float tensor, a NaN or infinite value, two file keys
     *                           renamed to the same block key, or (strict) missing or unexpected keys
     */
    public static LoadReport load(Block block, Safetensors tensors, boolean strict, UnaryOperator<String> rename) {
        NativeLogLevel.apply(); // writing weights is where libtorch would print its deprecation warning
        Path file = tensors.file();
        Map<String, Parameter> params = StateDictNames.parameters(block);
        Map<String, StoredTensor> matched = new LinkedHashMap<>();
        Map<String, String> sourceOf = new HashMap<>();
        List<String> unexpected = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String name : tensors.names()) {
            String key = rename.apply(name);
            Parameter p = key == null ? null : params.get(key);
            if (p == null) {
                boolean skip = key == null || key.equals(BATCHES_TRACKED) || key.endsWith("." + BATCHES_TRACKED);
                (skip ? ignored : unexpected).add(name);
                continue;
            }
            String previous = sourceOf.put(key, name);
            if (previous != null) {
                throw new BadInputException(file, "tensors '" + previous + "' and '" + name
                        + "' are both renamed to '" + key + "'");
            }
            StoredTensor t = tensors.tensor(name);
            checkCompatible(file, t, key, p);
            matched.put(key, t);
        }
        Set<String> missing = new LinkedHashSet<>(params.keySet());
        missing.removeAll(matched.keySet());
        LoadReport report = new LoadReport(List.copyOf(matched.keySet()), List.copyOf(missing), unexpected, ignored);
        if (strict && !report.isComplete()) {
            throw new BadInputException(file, "the weights do not match the model: " + report.summary()
                    + "; load non-strictly to accept this, or give a key rename");
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        matched.forEach((key, t) -> {
            float[] floats = t.toFloats();
            String problem = NonFiniteWeightsException.problem(t.name(), floats);
            if (problem != null) {
                throw new BadInputException(file, problem + ": the weights are not finite numbers (a diverged "
                        + "training run?) and would turn every prediction into NaN",
                        new NonFiniteWeightsException(problem));
            }
            values.put(key, floats);
        });
        values.forEach((key, floats) -> params.get(key).getArray().set(floats));
        return report;
    }

    /** A rename that removes {@code prefix} from keys that start with it (e.g. "module." of DataParallel). */
    public static UnaryOperator<String> stripPrefix(String prefix) {
        return k -> k.startsWith(prefix) ? k.substring(prefix.length()) : k;
    }

    /** A rename that puts {@code prefix} before every key (e.g. "backbone." to load torchvision weights). */
    public static UnaryOperator<String> addPrefix(String prefix) {
        return k -> prefix + k;
    }

    /**
     * The block's parameters as a safetensors writer under state_dict keys, as F16 or F32.
     *
     * @throws NonFiniteWeightsException if a parameter holds NaN or an infinity
     */
    public static SafetensorsWriter writer(Block block, boolean float16) {
        SafetensorsWriter w = new SafetensorsWriter();
        DType type = float16 ? DType.F16 : DType.F32;
        StateDictNames.parameters(block).forEach((key, p) -> {
            NDArray a = initialized(key, p);
            float[] values = a.toFloatArray();
            NonFiniteWeightsException.requireFinite(key, values);
            w.addFloats(key, a.getShape().getShape(), values, type);
        });
        return w;
    }

    /** Saves the block's parameters as a PyTorch-compatible safetensors state_dict (atomic write). */
    public static void save(Block block, Path file, boolean float16) {
        writer(block, float16).write(file);
    }

    private static void checkCompatible(Path file, StoredTensor t, String key, Parameter p) {
        Shape expected = initialized(key, p).getShape();
        if (!Arrays.equals(expected.getShape(), t.shape())) {
            throw new BadInputException(file, "tensor '" + t.name() + "'"
                    + (t.name().equals(key) ? "" : " (loaded as '" + key + "')") + " has shape "
                    + Arrays.toString(t.shape()) + " but the model's parameter has shape "
                    + Arrays.toString(expected.getShape()));
        }
        if (!t.dtype().isFloat()) {
            throw new BadInputException(file, "tensor '" + t.name() + "' has dtype " + t.dtype()
                    + " but parameter '" + key + "' needs floating-point values");
        }
    }

    private static NDArray initialized(String key, Parameter p) {
        if (!p.isInitialized()) {
            throw new IllegalStateException("parameter '" + key + "' is not initialized; call block.initialize("
                    + "manager, DataType.FLOAT32, inputShape) before loading or saving weights");
        }
        if (p.getArray().getDataType() != DataType.FLOAT32) {
            throw new IllegalStateException("parameter '" + key + "' is " + p.getArray().getDataType()
                    + "; seg4j loads and saves float32 parameters");
        }
        return p.getArray();
    }

}

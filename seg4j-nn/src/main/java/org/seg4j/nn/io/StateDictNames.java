package org.seg4j.nn.io;

import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PyTorch {@code state_dict} key of every parameter of a DJL block tree, so weights move between seg4j and
 * PyTorch by name.
 *
 * <p>DJL 0.35.1 stores a child added with {@code AbstractBlock.addChildBlock(name, block)} under
 * {@code String.format("%02d%s", position, name)} with position counted from 1 ("01features"); this walk strips that
 * prefix, so a block that names its children as the PyTorch module names its submodules yields PyTorch's path.
 * Children of a {@link SequentialBlock} or {@link ParallelBlock} that DJL's {@code add} named after their class get
 * their position counted from 0, as in {@code nn.Sequential} and {@code nn.ModuleList}; children added under a name
 * of their own (as {@code org.seg4j.nn.model.NamedSequential} does, e.g. {@code features}, {@code fc6}) keep it.
 * Path parts are joined with ".",
 * then the DJL parameter name is mapped: {@code gamma -> weight}, {@code beta -> bias},
 * {@code runningMean -> running_mean}, {@code runningVar -> running_var} (the names of DJL's BatchNorm and
 * LayerNorm); other names ({@code weight}, {@code bias}) are kept. Keys come in PyTorch's order: a module's own
 * parameters, then its children's, depth first. BatchNorm's {@code num_batches_tracked} buffer has no DJL
 * counterpart and gets no key.
 */
public final class StateDictNames {
    private static final Map<String, String> PARAMETER_NAMES = Map.of(
            "gamma", "weight", "beta", "bias", "runningMean", "running_mean", "runningVar", "running_var");

    private StateDictNames() {
    }

    /**
     * Every parameter of {@code root} under its state_dict key, in state_dict order.
     *
     * @throws IllegalArgumentException if two parameters get the same key (a block naming two children alike)
     */
    public static Map<String, Parameter> parameters(Block root) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        walk(root, "", out);
        return out;
    }

    /** The state_dict keys of {@code root}'s parameters, in order. */
    public static List<String> keys(Block root) {
        return List.copyOf(parameters(root).keySet());
    }

    /** The PyTorch name of a DJL parameter name (e.g. {@code gamma -> weight}). */
    public static String parameterName(String djlName) {
        return PARAMETER_NAMES.getOrDefault(djlName, djlName);
    }

    private static void walk(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            String key = prefix + parameterName(p.getKey());
            if (out.put(key, p.getValue()) != null) {
                throw new IllegalArgumentException("two parameters of the block have the state_dict key '" + key
                        + "'; give their blocks distinct child names");
            }
        }
        PairList<String, Block> children = block.getChildren();
        boolean positional = block instanceof SequentialBlock || block instanceof ParallelBlock;
        for (int i = 0; i < children.size(); i++) {
            String name = stripPosition(children.keyAt(i), i);
            if (positional && name.equals(children.valueAt(i).getClass().getSimpleName())) {
                name = Integer.toString(i);
            }
            walk(children.valueAt(i), prefix + name + ".", out);
        }
    }

    /** "01features" at index 0 -> "features"; a name without DJL's position prefix is kept as it is. */
    private static String stripPosition(String djlName, int index) {
        String position = String.format(Locale.ROOT, "%02d", index + 1);
        return djlName.startsWith(position) ? djlName.substring(position.length()) : djlName;
    }
}

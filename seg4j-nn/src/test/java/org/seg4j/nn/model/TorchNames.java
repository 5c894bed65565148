package org.seg4j.nn.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PyTorch state_dict key of every parameter of a block tree: child names without DJL's two-digit position prefix,
 * joined by dots, then the parameter name mapped to PyTorch's. Test-only copy of the convention implemented by
 * org.seg4j.nn.io.StateDictNames, to be replaced by it at merge.
 */
final class TorchNames {
    private static final Map<String, String> PARAMETER_NAMES = Map.of("weight", "weight", "bias", "bias", "gamma", "weight",
            "beta", "bias", "runningMean", "running_mean", "runningVar", "running_var");

    private TorchNames() {
    }

    static Map<String, Parameter> of(Block root) {
        Map<String, Parameter> names = new LinkedHashMap<>();
        walk(root, "", names);
        return names;
    }

    private static void walk(Block block, String prefix, Map<String, Parameter> names) {
        for (Parameter p : block.getDirectParameters().values()) {
            String torch = PARAMETER_NAMES.get(p.getName());
            if (torch == null) {
                throw new IllegalStateException("no PyTorch name for parameter " + p.getName());
            }
            names.put(prefix + torch, p);
        }
        for (Pair<String, Block> child : block.getChildren()) {
            walk(child.getValue(), prefix + child.getKey().substring(2) + ".", names);
        }
    }
}

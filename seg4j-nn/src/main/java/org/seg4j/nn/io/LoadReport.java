package org.seg4j.nn.io;

import java.util.List;

/**
 * What loading a state_dict into a block did, by key.
 *
 * @param loaded     block keys that received values from the file
 * @param missing    block keys the file has no tensor for (they keep their values)
 * @param unexpected file keys (after renaming) that match no parameter of the block
 * @param ignored    file keys skipped on purpose: BatchNorm's {@code num_batches_tracked} and keys the rename
 *                   function dropped
 */
public record LoadReport(List<String> loaded, List<String> missing, List<String> unexpected, List<String> ignored) {
    private static final int SHOWN = 10;

    public LoadReport {
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        ignored = List.copyOf(ignored);
    }

    /** Whether every parameter was loaded and every file tensor used (or deliberately ignored). */
    public boolean isComplete() {
        return missing.isEmpty() && unexpected.isEmpty();
    }

    /** One line: counts, and the first missing and unexpected keys. */
    public String summary() {
        return loaded.size() + " loaded, " + describe("missing (in the model, not in the file)", missing) + ", "
                + describe("unexpected (in the file, not in the model)", unexpected) + ", " + ignored.size()
                + " ignored";
    }

    private static String describe(String what, List<String> keys) {
        if (keys.isEmpty()) {
            return "0 " + what;
        }
        String shown = String.join(", ", keys.subList(0, Math.min(SHOWN, keys.size())));
        return keys.size() + " " + what + ": " + shown + (keys.size() > SHOWN ? ", ..." : "");
    }
}

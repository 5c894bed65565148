package org.seg4j.nn.engine;

import ai.djl.engine.Engine;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The level of libtorch's own C++ log (c10's {@code FLAGS_caffe2_log_level}), which prints straight to stderr. At its
 * default (WARNING), DJL 0.35.1's PyTorch engine makes libtorch 2.7.1 print {@code Warning: AutoNonVariableTypeMode is
 * deprecated ...} (LegacyTypeDispatch.h) the first time an array is written from Java, e.g. when weights are loaded.
 * PyTorch's Python package reads the level from the environment variable {@code TORCH_CPP_LOG_LEVEL} at start-up
 * ({@code c10::initLogging}); libtorch used through DJL never does, so setting the variable alone changes nothing.
 * {@link #apply()} does it: the level is {@code TORCH_CPP_LOG_LEVEL} (INFO, WARNING, ERROR or FATAL) when set, ERROR
 * otherwise, so libtorch's errors are still printed and its warnings only on request.
 */
public final class NativeLogLevel {
    /** Environment variable naming the level, as in PyTorch. */
    public static final String VARIABLE = "TORCH_CPP_LOG_LEVEL";
    private static final Map<String, Integer> LEVELS = Map.of("INFO", 0, "WARNING", 1, "ERROR", 2, "FATAL", 3);
    private static final Logger LOG = LoggerFactory.getLogger(NativeLogLevel.class);
    private static volatile boolean applied;

    private NativeLogLevel() {
    }

    /**
     * Loads the PyTorch engine (if not yet loaded) and sets libtorch's log level once per process; later calls do
     * nothing. A libtorch without the flag (not one of 2.x) is left as it is.
     */
    public static void apply() {
        if (applied) {
            return;
        }
        synchronized (NativeLogLevel.class) {
            if (!applied) {
                set(level(System.getenv(VARIABLE)));
                applied = true;
            }
        }
    }

    /** c10's level for a {@code TORCH_CPP_LOG_LEVEL} value: 0 INFO ... 3 FATAL; ERROR (2) when unset or unknown. */
    static int level(String value) {
        Integer level = value == null ? null : LEVELS.get(value.trim().toUpperCase(Locale.ROOT));
        if (value != null && level == null) {
            LOG.warn("{}={} is not one of {}; using ERROR", VARIABLE, value, LEVELS.keySet());
        }
        return level == null ? LEVELS.get("ERROR") : level;
    }

    /** The current level of c10's log. */
    static int current() {
        return flag().getInt(0);
    }

    private static void set(int level) {
        try {
            flag().setInt(0, level);
        } catch (UnsatisfiedLinkError e) {
            LOG.debug("libtorch's log level left as it is: {}", e.getMessage());
        }
    }

    /** c10's level flag, after loading the engine (which loads libc10 by its full path; opening it by name finds it). */
    private static Pointer flag() {
        Engine.getEngine("PyTorch");
        return NativeLibrary.getInstance("c10").getGlobalVariableAddress("FLAGS_caffe2_log_level");
    }
}

package org.seg4j.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The thread count of DJL's PyTorch engine. DJL reads {@code ai.djl.pytorch.num_threads} and
 * {@code ai.djl.pytorch.num_interop_threads} once, when the engine loads; a benchmark requests its count before that
 * and prints the count libtorch actually uses, which differs when the engine was loaded earlier in the same JVM.
 */
final class EngineThreads {
    private EngineThreads() {
    }

    /** Requests {@code threads} intra-op and inter-op threads, effective if the engine is not loaded yet. */
    static void request(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", String.valueOf(threads));
    }

    /** The intra-op thread count libtorch uses (loads the engine). */
    static int actual() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }
}

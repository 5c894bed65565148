package org.seg4j.nn.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the tensor engine is: DJL and PyTorch versions, threads, where the native library is cached; and a check that
 * it computes (a 2x2 matrix product compared with the value worked out by hand).
 */
public final class EngineInfo {
    private EngineInfo() {
    }

    /** Name/value pairs describing the engine, in display order. Loads the engine (unpacks natives on first use). */
    public static Map<String, String> describe() {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        Engine engine = Engine.getEngine("PyTorch");
        Map<String, String> info = new LinkedHashMap<>();
        info.put("DJL", Engine.getDjlVersion());
        info.put("engine", engine.getEngineName() + " " + engine.getVersion());
        info.put("engine threads", String.valueOf(intraOpThreads()));
        info.put("available cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        info.put("native cache", nativeCache().toString());
        info.put("offline", System.getProperty("ai.djl.offline"));
        return info;
    }

    /** The directory where DJL unpacks its native library ({@code DJL_CACHE_DIR}, default {@code ~/.djl.ai}). */
    public static Path nativeCache() {
        return Utils.getEngineCacheDir("pytorch");
    }

    private static int intraOpThreads() {
        String prop = System.getProperty("ai.djl.pytorch.num_threads");
        if (prop != null) {
            return Integer.parseInt(prop);
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Multiplies [[1, 2], [3, 4]] by [[5, 6], [7, 8]] on the engine and checks the product [[19, 22], [43, 50]].
     *
     * @return the product as computed by the engine
     * @throws IllegalStateException if the engine computes something else
     */
    public static float[] selfTest() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray b = manager.create(new float[] {5, 6, 7, 8}, new ai.djl.ndarray.types.Shape(2, 2));
            float[] product = a.matMul(b).toFloatArray();
            float[] expected = {19, 22, 43, 50};
            if (!java.util.Arrays.equals(product, expected)) {
                throw new IllegalStateException("engine self-test failed: [[1,2],[3,4]] x [[5,6],[7,8]] gave "
                        + java.util.Arrays.toString(product) + ", expected " + java.util.Arrays.toString(expected));
            }
            return product;
        }
    }
}

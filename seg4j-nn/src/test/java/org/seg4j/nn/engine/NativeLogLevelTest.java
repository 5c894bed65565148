package org.seg4j.nn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.File;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * libtorch's deprecation warning goes to the process's stderr from native code, so it is checked in a child JVM:
 * writing an array from Java prints it without {@link NativeLogLevel#apply()} (which shows the probe can see it) and
 * not with it.
 */
class NativeLogLevelTest {
    private static final String WARNING = "AutoNonVariableTypeMode is deprecated";

    @Test
    void levelsFollowPyTorchsNamesAndDefaultToError() {
        assertThat(NativeLogLevel.level("INFO")).isZero();
        assertThat(NativeLogLevel.level("warning")).isEqualTo(1);
        assertThat(NativeLogLevel.level("ERROR")).isEqualTo(2);
        assertThat(NativeLogLevel.level("FATAL")).isEqualTo(3);
        assertThat(NativeLogLevel.level(null)).isEqualTo(2);
        assertThat(NativeLogLevel.level("LOUD")).isEqualTo(2);
    }

    @Test
    void applySetsLibtorchsFlag() {
        NativeLogLevel.apply();
        assertThat(NativeLogLevel.current()).isEqualTo(NativeLogLevel.level(System.getenv(NativeLogLevel.VARIABLE)));
    }

    @Test
    void libtorchsDeprecationWarningIsPrintedWithoutAndSilencedWithApply() throws Exception {
        assertThat(stderrOfProbe(false)).contains(WARNING);
        assertThat(stderrOfProbe(true)).doesNotContain(WARNING);
    }

    private static String stderrOfProbe(boolean apply) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), Probe.class.getName(), String.valueOf(apply)));
        pb.environment().remove(NativeLogLevel.VARIABLE);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        return err;
    }

    /** Writes an array from Java, the call after which libtorch prints its warning. */
    public static final class Probe {
        public static void main(String[] args) {
            if (Boolean.parseBoolean(args[0])) {
                NativeLogLevel.apply();
            }
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray a = manager.zeros(new Shape(2, 3));
                a.set(FloatBuffer.wrap(new float[6]));
            }
        }
    }
}

package org.seg4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;

/** Fixtures written by numpy itself (tools/reference/make_npy_fixtures.py): float32 [2,3,4] = arange(24)/4 - 1. */
class NpyFilesTest {
    private static final Path DIR = Path.of("src/test/resources/fixtures/npy");

    private static void assertArange(NpyFiles.FloatArray a) {
        assertThat(a.shape()).containsExactly(2, 3, 4);
        for (int i = 0; i < 24; i++) {
            assertThat(a.data()[i]).isEqualTo(i / 4f - 1);
        }
    }

    @Test
    void readsWhatNumpyWrote() {
        assertArange(NpyFiles.readFloat32(DIR.resolve("arange_2x3x4_f4.npy")));
        assertArange(NpyFiles.readFloat32(DIR.resolve("arange_2x3x4_f4_v2.npy")));
        assertArange(NpyFiles.readFloat32(DIR.resolve("big_endian_f4.npy")));
    }

    @Test
    void writesTheBytesNumpyWrites(@TempDir Path tmp) throws Exception {
        float[] data = new float[24];
        for (int i = 0; i < 24; i++) {
            data[i] = i / 4f - 1;
        }
        Path out = tmp.resolve("a.npy");
        NpyFiles.writeFloat32(out, new int[] {2, 3, 4}, data);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(DIR.resolve("arange_2x3x4_f4.npy")));
    }

    @Test
    void roundTripsOneDimensionalAndOddShapes(@TempDir Path tmp) {
        Path out = tmp.resolve("b.npy");
        NpyFiles.writeFloat32(out, new int[] {5}, new float[] {1, -2, Float.NaN, 3.5f, 0});
        NpyFiles.FloatArray a = NpyFiles.readFloat32(out);
        assertThat(a.shape()).containsExactly(5);
        assertThat(a.data()).containsExactly(1, -2, Float.NaN, 3.5f, 0);
    }

    @Test
    void rejectsOtherDtypes() {
        assertThatThrownBy(() -> NpyFiles.readFloat32(DIR.resolve("float64.npy")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("float64.npy")
                .hasMessageContaining("'<f8'").hasMessageContaining("float32");
    }

    @Test
    void rejectsFortranOrder() {
        assertThatThrownBy(() -> NpyFiles.readFloat32(DIR.resolve("fortran.npy")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("Fortran order");
    }

    @Test
    void rejectsTruncatedData() {
        assertThatThrownBy(() -> NpyFiles.readFloat32(DIR.resolve("truncated.npy")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("truncated data")
                .hasMessageContaining("needs 96 bytes, the file has 86");
    }

    @Test
    void rejectsBadHeadersAndNonNpyFiles(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("x.npy");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0, 0, 0, 0, 0});
        assertThatThrownBy(() -> NpyFiles.readFloat32(png)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a numpy .npy file");
        byte[] good = Files.readAllBytes(DIR.resolve("arange_2x3x4_f4.npy"));
        String header = new String(good, 10, 118, java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] bad = good.clone();
        byte[] broken = header.replace("'shape': (2, 3, 4)", "'shape': (2, x, 4)")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(broken, 0, bad, 10, broken.length);
        Path badShape = tmp.resolve("shape.npy");
        Files.write(badShape, bad);
        assertThatThrownBy(() -> NpyFiles.readFloat32(badShape)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad .npy header");
        Path shortHeader = tmp.resolve("short.npy");
        Files.write(shortHeader, java.util.Arrays.copyOf(good, 40));
        assertThatThrownBy(() -> NpyFiles.readFloat32(shortHeader)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("truncated .npy header");
        assertThatThrownBy(() -> NpyFiles.readFloat32(tmp.resolve("missing.npy")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("does not exist");
    }
}

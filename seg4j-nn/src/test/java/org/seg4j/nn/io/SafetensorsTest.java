package org.seg4j.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void readsTheValuesThePythonWriterStored() {
        Safetensors st = Safetensors.read(Fixtures.weights("known_values.safetensors"));
        assertThat(st.names()).containsExactly("f32", "f16", "bf16", "f64", "i64");
        assertThat(st.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("source", "external_models.py",
                "note", "known values")).hasSize(2);
        StoredTensor f32 = st.tensor("f32");
        assertThat(f32.dtype()).isEqualTo(DType.F32);
        assertThat(f32.shape()).containsExactly(2, 3);
        assertThat(f32.toFloats()).containsExactly(1f, -2f, 0.5f, 3.25f, -0.125f, 1e-3f);
        // 1/3 in binary16 is 0x3555 = 1365 * 2^-12 = 0.333251953125
        assertThat(st.tensor("f16").toFloats()).containsExactly(1f, -2.5f, 65504f, 0x1p-14f, 0x1p-24f, -0f,
                0.333251953125f);
        assertThat(Float.floatToRawIntBits(st.tensor("f16").toFloats()[5])).isEqualTo(0x80000000);
        assertThat(st.tensor("bf16").toFloats()).containsExactly(1f, 3.140625f, -0.5f);
        assertThat(st.tensor("f64").toFloats()).containsExactly(0.1f, -1e10f);
        StoredTensor i64 = st.tensor("i64");
        assertThat(i64.shape()).isEmpty();
        assertThat(i64.size()).isEqualTo(1);
        assertThat(i64.toLongs()).containsExactly(7L);
        assertThatThrownBy(i64::toFloats).isInstanceOf(BadInputException.class)
                .hasMessageContaining("known_values.safetensors").hasMessageContaining("'i64'").hasMessageContaining("I64");
    }

    @Test
    void float32RoundTripIsExactAndFloat16WithinHalfPrecision() throws IOException {
        SplittableRandom rnd = new SplittableRandom(4);
        float[] values = new float[300];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-3, 4)));
        }
        Path file = dir.resolve("w.safetensors");
        new SafetensorsWriter().metadata("k", "v").addFloats("a.weight", new long[] {3, 10, 10}, values, DType.F32)
                .addFloats("a.half", new long[] {300}, values, DType.F16)
                .addLongs("a.num_batches_tracked", new long[0], new long[] {42}).write(file);
        Safetensors st = Safetensors.read(file);
        assertThat(st.metadata()).containsExactlyEntriesOf(Map.of("k", "v"));
        assertThat(st.tensor("a.weight").shape()).containsExactly(3, 10, 10);
        assertThat(st.tensor("a.weight").toFloats()).containsExactly(values);
        assertThat(st.tensor("a.half").dtype()).isEqualTo(DType.F16);
        float[] half = st.tensor("a.half").toFloats();
        for (int i = 0; i < values.length; i++) {
            // binary16 has an 11-bit significand: relative rounding error at most 2^-11 ~ 4.9e-4 in the normal range
            assertThat(half[i]).isCloseTo(values[i], within(Math.abs(values[i]) * 1e-3f));
        }
        assertThat(st.tensor("a.num_batches_tracked").toLongs()).containsExactly(42L);
        // header padded to a multiple of 8 so the data is aligned, as the reference writer does
        long headerLength = ByteBuffer.wrap(bytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(Files.size(file)).isEqualTo(8 + headerLength + 300 * 4 + 300 * 2 + 8);
    }

    @Test
    void writerRejectsWrongSizesAndRepeatedNames() {
        SafetensorsWriter w = new SafetensorsWriter().addFloats("x", new long[] {2}, new float[2], DType.F32);
        assertThatThrownBy(() -> w.addFloats("x", new long[] {1}, new float[1], DType.F32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
        assertThatThrownBy(() -> w.addFloats("y", new long[] {3}, new float[2], DType.F32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 3 values, got 2");
    }

    // ---- malformed files: each written by hand, each error names the file and, where there is one, the tensor

    @Test
    void missingOrTinyFile() throws IOException {
        assertBad(dir.resolve("absent.safetensors"), "does not exist");
        assertBad(write("tiny", new byte[] {1, 2, 3}), "shorter than the 8-byte header length");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        byte[] b = bytes(valid());
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, b.length);
        assertBad(write("long-header", b), "header length " + b.length + " runs past the end of the file");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -5);
        assertBad(write("negative-header", b), "header length 18446744073709551611 runs past");
    }

    @Test
    void headerNotJson() throws IOException {
        assertBad(file("not json at all", new byte[0]), "header is not valid JSON");
        assertBad(file("[1, 2]", new byte[0]), "header must be a JSON object");
        assertBad(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}, "
                + "\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", new byte[8]),
                "header is not valid JSON (Duplicate field 'a')");
    }

    @Test
    void unknownOrMissingDtype() throws IOException {
        assertBad(file(header("w", "F12", "[2]", 0, 4), new byte[4]), "tensor 'w' has unknown dtype \"F12\"");
        assertBad(file("{\"w\": {\"shape\": [1], \"data_offsets\": [0, 4]}}", new byte[4]), "tensor 'w' has no \"dtype\"");
    }

    @Test
    void shapeTimesElementSizeDiffersFromTheByteLength() throws IOException {
        assertBad(file(header("w", "F16", "[2, 3]", 0, 24), new byte[24]),
                "tensor 'w' has shape [2, 3] of F16 (12 bytes) but data_offsets span 24 bytes");
        assertBad(file(header("w", "F32", "[2, -3]", 0, 24), new byte[24]), "tensor 'w' \"shape\" must hold non-negative");
        assertBad(file(header("w", "F32", "[2]", 8, 0), new byte[8]), "tensor 'w' has data_offsets 8, 0 with end before begin");
    }

    @Test
    void overlappingGapsAndUncoveredBytes() throws IOException {
        String two = "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}, "
                + "\"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [%d, %d]}}";
        assertBad(file(String.format(two, 4, 12), new byte[12]),
                "tensor 'b' (bytes 4..12) overlaps the previous tensor, which ends at byte 8");
        assertBad(file(String.format(two, 12, 20), new byte[20]), "bytes 8..12 before tensor 'b' belong to no tensor");
        assertBad(file(String.format(two, 8, 16), new byte[20]), "the last 4 bytes of the data belong to no tensor");
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] b = bytes(valid());
        assertBad(write("cut", Arrays.copyOf(b, b.length - 3)),
                "tensor 'second' ends at byte 16 but the data holds only 13 bytes: the file is truncated");
    }

    @Test
    void metadataMustBeStrings() throws IOException {
        assertBad(file("{\"__metadata__\": {\"epochs\": 3}}", new byte[0]), "__metadata__ entry 'epochs' is not a string");
        assertThatThrownBy(() -> Safetensors.read(valid()).tensor("third")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no tensor 'third'");
    }

    private Path valid() {
        Path f = dir.resolve("valid.safetensors");
        new SafetensorsWriter().addFloats("first", new long[] {2}, new float[] {1, 2}, DType.F32)
                .addFloats("second", new long[] {2}, new float[] {3, 4}, DType.F32).write(f);
        return f;
    }

    private static String header(String name, String dtype, String shape, long begin, long end) {
        return "{\"" + name + "\": {\"dtype\": \"" + dtype + "\", \"shape\": " + shape + ", \"data_offsets\": ["
                + begin + ", " + end + "]}}";
    }

    private int count;

    private Path file(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.write(h);
        out.write(data);
        return write("bad" + count++, out.toByteArray());
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name + ".safetensors"), content);
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertBad(Path file, String problem) {
        assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": ").hasMessageContaining(problem)
                .satisfies(e -> assertThat(((BadInputException) e).file()).isEqualTo(file));
    }
}

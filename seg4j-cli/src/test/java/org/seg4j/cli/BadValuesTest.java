package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.RgbImage;
import org.seg4j.testing.SharedData;

/**
 * Issue 13, item 7: the probe's bad option values and hostile model files ended in Java stack traces (exit 1); each
 * must end with one line naming the problem and exit code 2.
 */
class BadValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Path model(String name) {
        return SharedData.repoRoot().resolve("models").resolve(name);
    }

    private Path image(int size) {
        Path file = tmp.resolve("img" + size + ".png");
        RgbImage img = RgbImage.blank(size, size);
        for (int i = 0; i < img.data().length; i++) {
            img.data()[i] = (byte) (i * 31);
        }
        ImageFiles.writeRgb(file, img);
        return file;
    }

    private static void assertOneLine(CliRun run, String problem) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("Exception").contains(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--tile=-5", "--overlap=1.0", "--overlap=1.5", "--overlap=-0.5", "--scales=0",
        "--scales=-1", "--scales=NaN", "--scales=1,0.5,-2"})
    void outOfRangeInferenceOptionsAreOneLine(String option) {
        CliRun run = CliRun.of("predict", "--model", model("camvid-segnet-basic.seg4j").toString(), "--out",
                tmp.resolve("out").toString(), option, image(32).toString());
        String name = option.substring(2, option.indexOf('='));
        assertOneLine(run, name + (name.equals("tile") ? " must be >= 0" : name.equals("overlap")
                ? " must be in [0, 1)" : " must be positive numbers"));
    }

    @Test
    void segNetBasicOnATooSmallImageSaysTheMinimumSize() {
        // the model works at half resolution: an 8 x 8 image is a 4 x 4 network input
        CliRun run = CliRun.of("predict", "--model", model("camvid-segnet-basic.seg4j").toString(), "--out",
                tmp.resolve("out").toString(), image(8).toString());
        assertOneLine(run, "SegNet-Basic needs an input of at least 9 x 9 pixels (4 poolings of 2x2), got 4 x 4");
    }

    @Test
    void aLocalizerIsNotASegmentationModel() {
        Path localizer = model("camvid-car-localizer.seg4j");
        CliRun run = CliRun.of("predict", "--model", localizer.toString(), "--out", tmp.resolve("out").toString(),
                image(96).toString());
        assertOneLine(run, localizer + ": the model card's architecture cannot be built: architecture 'localizer' "
                + "does not segment images");
    }

    @Test
    void aModelCardWithABadOptionOrArchitectureIsOneLine() throws Exception {
        Path many = withCard(model("camvid-unet.seg4j"), card -> ((ObjectNode) card.get("arguments").get("options"))
                .put("depth", "many"), "many.seg4j");
        assertOneLine(CliRun.of("predict", "--model", many.toString(), "--out", tmp.resolve("out").toString(),
                image(32).toString()), many + ": the model card's architecture cannot be built: option depth must be");
        Path unknown = withCard(model("camvid-unet.seg4j"), card -> card.put("architecture", "transformer9000"),
                "unknown.seg4j");
        assertOneLine(CliRun.of("predict", "--model", unknown.toString(), "--out", tmp.resolve("out").toString(),
                image(32).toString()), unknown + ": the model card's architecture cannot be built: unknown "
                + "architecture 'transformer9000'; known: ");
    }

    /**
     * A copy of a model file whose card (the JSON string under {@code __metadata__.seg4j} of the safetensors header)
     * is edited; the tensor data, and so its offsets, are unchanged (safetensors: 8-byte little-endian header length,
     * JSON header, data).
     */
    private Path withCard(Path source, java.util.function.Consumer<ObjectNode> edit, String name) throws Exception {
        byte[] bytes = Files.readAllBytes(source);
        int headerLength = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ObjectNode header = (ObjectNode) JSON.readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
        ObjectNode metadata = (ObjectNode) header.get("__metadata__");
        ObjectNode card = (ObjectNode) JSON.readTree(metadata.get("seg4j").asText());
        edit.accept(card);
        metadata.put("seg4j", card.toString());
        byte[] newHeader = header.toString().getBytes(StandardCharsets.UTF_8);
        Path out = tmp.resolve(name);
        Files.write(out, ByteBuffer.allocate(8 + newHeader.length + bytes.length - 8 - headerLength)
                .order(ByteOrder.LITTLE_ENDIAN).putLong(newHeader.length).put(newHeader)
                .put(Arrays.copyOfRange(bytes, 8 + headerLength, bytes.length)).array());
        return out;
    }
}

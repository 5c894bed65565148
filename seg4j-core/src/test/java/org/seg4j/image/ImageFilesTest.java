package org.seg4j.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seg4j.BadInputException;
import org.seg4j.label.BuiltinLabelSpecs;
import org.seg4j.testing.SharedData;

class ImageFilesTest {
    @TempDir
    Path tmp;

    @Test
    void paletteLabelPngRoundTripsIndicesAndPalette() {
        LabelMap labels = new LabelMap(3, 2, new byte[] {0, 1, 20, (byte) 255, 15, 0});
        Path f = tmp.resolve("l.png");
        ImageFiles.writeLabelPng(f, labels, BuiltinLabelSpecs.voc().palette());
        assertThat(ImageFiles.readLabels(f)).isEqualTo(labels);
        // the colours a viewer shows are the VOC palette's
        RgbImage seen = ImageFiles.readRgb(f);
        assertThat(seen.rgbAt(1, 0)).isEqualTo(0x800000);
        assertThat(seen.rgbAt(1, 1)).isEqualTo(0xC08080);
    }

    @Test
    void rgbPngRoundTrips() {
        RgbImage img = RgbImage.blank(4, 3);
        img.set(0, 0, 0x123456);
        img.set(3, 2, 0xFEDCBA);
        Path f = tmp.resolve("i.png");
        ImageFiles.writeRgb(f, img);
        assertThat(ImageFiles.readRgb(f)).isEqualTo(img);
    }

    /** Distinct red, green and blue in every pixel, so a swapped channel order shows. */
    private static RgbImage gradient(int w, int h) {
        RgbImage img = RgbImage.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.set(x, y, (x * 37 % 256) << 16 | (y * 91 % 256) << 8 | (x * y * 13 + 7) % 256);
            }
        }
        return img;
    }

    @Test
    void colourPngsAgreeWithImageIoStandardRgbInBothDirections() throws Exception {
        // independent of seg4j's conversions: ImageIO's own TYPE_INT_RGB image and its getRGB/setRGB
        RgbImage img = gradient(13, 9);
        Path ours = tmp.resolve("ours.png");
        ImageFiles.writeRgb(ours, img);
        java.awt.image.BufferedImage read = javax.imageio.ImageIO.read(ours.toFile());
        java.awt.image.BufferedImage theirs = new java.awt.image.BufferedImage(13, 9,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 13; x++) {
                assertThat(read.getRGB(x, y) & 0xFFFFFF).as("(%d, %d)", x, y).isEqualTo(img.rgbAt(x, y));
                theirs.setRGB(x, y, img.rgbAt(x, y));
            }
        }
        Path standard = tmp.resolve("standard.png");
        javax.imageio.ImageIO.write(theirs, "png", standard.toFile());
        assertThat(ImageFiles.readRgb(standard)).isEqualTo(img);
    }

    @Test
    void jpegKeepsTheChannelOrder() throws Exception {
        // a flat colour survives JPEG within a few levels; red, green and blue differ, so a swap would show
        RgbImage img = RgbImage.blank(16, 16);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                img.set(x, y, 0xC83C14);
            }
        }
        Path f = tmp.resolve("flat.jpg");
        ImageFiles.writeRgb(f, img);
        int rgb = javax.imageio.ImageIO.read(f.toFile()).getRGB(8, 8);
        assertThat((rgb >> 16) & 0xFF).isCloseTo(0xC8, org.assertj.core.data.Offset.offset(4));
        assertThat((rgb >> 8) & 0xFF).isCloseTo(0x3C, org.assertj.core.data.Offset.offset(4));
        assertThat(rgb & 0xFF).isCloseTo(0x14, org.assertj.core.data.Offset.offset(4));
        assertThat(ImageFiles.readRgb(f).rgbAt(8, 8)).isEqualTo(rgb & 0xFFFFFF);
    }

    @Test
    void greyLabelPngIsEightBitGreyWithTheValues() throws Exception {
        LabelMap labels = new LabelMap(3, 2, new byte[] {0, 1, 11, (byte) 255, 7, 0});
        Path f = tmp.resolve("g.png");
        ImageFiles.writeGreyPng(f, labels);
        java.awt.image.BufferedImage read = javax.imageio.ImageIO.read(f.toFile());
        assertThat(read.getType()).isEqualTo(java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        assertThat(read.getRaster().getSample(0, 1, 0)).isEqualTo(255);
        assertThat(ImageFiles.readLabels(f)).isEqualTo(labels);
    }

    @Test
    void readsRealVocPaletteLabels() {
        Path f = SharedData.require("labelme-voc2011-sample").resolve("SegmentationClass/2011_000003.png");
        long[] h = ImageFiles.readLabels(f).histogram();
        // README: 2011_000003 holds {0, 5 bottle, 15 person, 255}
        for (int v = 0; v < 256; v++) {
            assertThat(h[v] > 0).as("value " + v).isEqualTo(v == 0 || v == 5 || v == 15 || v == 255);
        }
    }

    @Test
    void badFilesAreNamed() throws Exception {
        Path missing = tmp.resolve("missing.png");
        assertThatThrownBy(() -> ImageFiles.readRgb(missing)).isInstanceOf(BadInputException.class)
                .hasMessage(missing + ": file does not exist");
        Path empty = Files.createFile(tmp.resolve("empty.png"));
        assertThatThrownBy(() -> ImageFiles.readLabels(empty)).hasMessage(empty + ": file is empty");
        Path text = tmp.resolve("text.png");
        Files.writeString(text, "not an image at all");
        assertThatThrownBy(() -> ImageFiles.readRgb(text)).hasMessageContaining(text.toString())
                .hasMessageContaining("not a readable image");
        Path good = tmp.resolve("good.png");
        RgbImage img = RgbImage.blank(64, 64);
        for (int i = 0; i < img.data().length; i++) {
            img.data()[i] = (byte) (i * 7919);
        }
        ImageFiles.writeRgb(good, img);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = tmp.resolve("truncated.png");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ImageFiles.readRgb(truncated)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(truncated.toString()).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ImageFiles.readLabels(good)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(good.toString()).hasMessageContaining("must have one channel");
    }
}

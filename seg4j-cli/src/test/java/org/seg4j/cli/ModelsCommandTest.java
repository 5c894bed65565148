package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code seg4j models}: counts checked against the published torchvision figures, adjusted by hand for the classes. */
class ModelsCommandTest {
    @Test
    void thousandClassesGiveThePublishedCounts() {
        CliRun run = CliRun.of("models", "--classes", "1000");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("vgg16 +138,357,544  VGG16 image classifier")
                .containsPattern("vgg16_bn +138,365,992  VGG16 image classifier with batch norm")
                .containsPattern("resnet50 +25,557,032  ResNet-50")
                .containsPattern("resnet101 +44,549,160  ResNet-101");
    }

    @Test
    void defaultIsTwentyOneClasses() {
        CliRun run = CliRun.of("models");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // the last layer shrinks from 1000 to 21 outputs: VGG (4096 + 1) * 979 fewer, ResNet-50 (2048 + 1) * 979 fewer
        assertThat(run.out()).containsPattern("vgg16 +134,346,581  ")
                .containsPattern("resnet50 +23,551,061  ")
                .contains("parameters counted for 21 classes and 3 input channels");
    }

    @Test
    void refusesZeroClasses() {
        CliRun run = CliRun.of("models", "--classes", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--classes must be at least 1, got 0");
    }
}

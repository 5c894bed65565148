package org.seg4j.examples;

import java.nio.file.Path;
import org.seg4j.crf.CrfParameters;
import org.seg4j.crf.DenseCrf;
import org.seg4j.crf.MeanFieldResult;
import org.seg4j.crf.Unary;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.RgbImage;
import org.seg4j.io.NpyFiles;

/**
 * Refines class probabilities (float32 [L, H, W] .npy, e.g. from {@code seg4j predict --probs}) with the fully
 * connected CRF and DeepLab's parameters; writes the labels as a grey PNG. Arguments: IMAGE PROBS.npy OUT.png
 */
public class RefineWithCrf {
    public static void main(String[] args) {
        RgbImage image = ImageFiles.readRgb(Path.of(args[0]));
        NpyFiles.FloatArray probs = NpyFiles.readFloat32(Path.of(args[1]));
        int labels = probs.shape()[0];
        CrfParameters deepLab = CrfParameters.deepLab();
        DenseCrf crf = DenseCrf.forImage(image, labels, deepLab, Runtime.getRuntime().availableProcessors());
        Unary unary = Unary.fromProbabilities(probs.data(), labels, image.width() * image.height());
        MeanFieldResult result = crf.inference(unary, deepLab.iterations());
        ImageFiles.writeGreyPng(Path.of(args[2]), result.labelMap(image.width(), image.height()));
    }
}

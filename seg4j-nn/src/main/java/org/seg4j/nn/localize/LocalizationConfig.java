package org.seg4j.nn.localize;

import java.util.List;

/**
 * The {@code localization} section of a training config (task {@code localization}): what a localizer learns, how
 * its windows are drawn, and the localization settings its validation uses, which the model card keeps for
 * inference ({@link LocalizerModel#trainedOptions()}).
 *
 * @param classes the classes to localize, names of the data set's label spec (required)
 * @param boxesFromLabels derive each image's boxes from the connected components of these classes in its label
 *     map (for segmentation data sets such as CamVid), default false (the data set's own boxes, VOC or COCO)
 * @param minArea smallest connected component kept as a box, in pixels, default 100
 * @param positives positive windows drawn per image, default 8
 * @param negatives background windows drawn per image, default 24
 * @param aspects window aspect ratios (width / height) for training and validation, default [1]
 * @param positiveIou lowest IoU of a positive window with its object, default 0.5
 * @param negativeIou IoU below which a window is background, default 0.3
 * @param boxLoss {@code smooth-l1} (default) or {@code mse}
 * @param classWeight weight of the classification loss, default 1 (0 trains the regressor alone)
 * @param boxWeight weight of the box loss, default 1 (0 trains the classifier alone)
 * @param scales image scales for validation, default [1]
 * @param combination how validation combines window boxes: nms (default), merge, max, soft-nms
 * @param minScore lowest window probability validation keeps, default 0.1
 * @param iou IoU threshold of validation's nms or merge, default 0.3
 * @param freeze {@code none} (default) or {@code classifier}: keep the backbone and the classifier head fixed
 *     (inference-mode batch norm, no updates) and train the box regressor alone, OverFeat's second option; use with
 *     {@code model.init} and {@code classWeight} 0
 */
public record LocalizationConfig(List<String> classes, Boolean boxesFromLabels, Integer minArea, Integer positives,
        Integer negatives, List<Double> aspects, Double positiveIou, Double negativeIou, String boxLoss,
        Double classWeight, Double boxWeight, List<Double> scales, String combination, Double minScore,
        Double iou, String freeze) {
    public LocalizationConfig {
        if (classes == null || classes.isEmpty()) {
            throw new IllegalArgumentException("localization.classes must name at least one class");
        }
        classes = List.copyOf(classes);
        boxesFromLabels = boxesFromLabels != null && boxesFromLabels;
        minArea = minArea == null ? 100 : minArea;
        positives = positives == null ? 8 : positives;
        negatives = negatives == null ? 24 : negatives;
        aspects = aspects == null ? List.of(1.0) : List.copyOf(aspects);
        positiveIou = positiveIou == null ? 0.5 : positiveIou;
        negativeIou = negativeIou == null ? 0.3 : negativeIou;
        boxLoss = boxLoss == null ? "smooth-l1" : boxLoss;
        classWeight = classWeight == null ? 1.0 : classWeight;
        boxWeight = boxWeight == null ? 1.0 : boxWeight;
        scales = scales == null ? List.of(1.0) : List.copyOf(scales);
        combination = combination == null ? "nms" : combination;
        minScore = minScore == null ? 0.1 : minScore;
        iou = iou == null ? 0.3 : iou;
        freeze = freeze == null ? "none" : freeze;
        if (!freeze.equals("none") && !freeze.equals("classifier")) {
            throw new IllegalArgumentException("localization.freeze must be none or classifier, got '" + freeze
                    + "'");
        }
    }

    /** The localization settings validation uses: scales, aspects, combination, minimum score and IoU. */
    public Localizer.Options validationOptions() {
        return new Localizer.Options(toArray(scales), toArray(aspects), Localizer.Combination.parse(combination),
                minScore, iou, 100);
    }

    /** Plain values of a list of numbers. */
    public static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

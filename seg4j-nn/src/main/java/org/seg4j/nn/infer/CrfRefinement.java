package org.seg4j.nn.infer;

import org.seg4j.crf.CrfParameters;
import org.seg4j.crf.DenseCrf;
import org.seg4j.crf.MeanFieldResult;
import org.seg4j.crf.Unary;
import org.seg4j.image.RgbImage;

/**
 * DeepLab's post-processing (Chen et al., ICLR 2015, section 4): the network's probabilities, already up-sampled to
 * the image size, become the unary {@code -log P} of a fully connected CRF over the image's pixels, and the labels are
 * its MAP after mean-field inference; the returned probabilities are the CRF's marginals Q.
 */
public final class CrfRefinement {
    private final CrfParameters parameters;
    private final int threads;

    public CrfRefinement(CrfParameters parameters, int threads) {
        this.parameters = parameters;
        this.threads = threads;
    }

    public Prediction refine(RgbImage image, Prediction prediction) {
        if (!prediction.hasProbabilities()) {
            throw new IllegalArgumentException("CRF refinement needs the prediction's probabilities");
        }
        int points = image.width() * image.height();
        int labels = prediction.numClasses();
        DenseCrf crf = DenseCrf.forImage(image, labels, parameters, threads);
        MeanFieldResult result = crf.inference(Unary.fromProbabilities(prediction.probabilities(), labels, points),
                parameters.iterations());
        return new Prediction(result.labelMap(image.width(), image.height()), result.q(), labels);
    }
}

package org.seg4j.onnx.export;

import ai.djl.ModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seg4j.onnx.OnnxModels;

/** Runs an ONNX file in ONNX Runtime (DJL's engine) and returns every output as floats. */
final class OnnxRuntimeRun {
    private OnnxRuntimeRun() {
    }

    static List<float[]> run(Path file, NDArray input) {
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(file.toAbsolutePath()).optEngine(OnnxModels.ENGINE)
                .optTranslator(new NoopTranslator()).build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor()) {
            NDList out = predictor.predict(new NDList(input));
            List<float[]> values = new ArrayList<>();
            for (NDArray a : out) {
                values.add(a.toFloatArray());
            }
            out.close();
            return values;
        } catch (ModelException | IOException | TranslateException e) {
            throw new IllegalStateException("ONNX Runtime cannot run " + file + ": " + e.getMessage(), e);
        }
    }
}

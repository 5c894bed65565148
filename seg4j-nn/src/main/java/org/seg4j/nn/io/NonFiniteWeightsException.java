package org.seg4j.nn.io;

/**
 * A tensor holds NaN or an infinity, the mark of a diverged training run: no seg4j file is written with such weights
 * ({@link StateDicts#writer}), and none is loaded ({@link StateDicts#load}), since a network with one non-finite
 * weight outputs NaN scores, read back as class 0 everywhere.
 */
public final class NonFiniteWeightsException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NonFiniteWeightsException(String message) {
        super(message);
    }

    /**
     * Checks that every value is finite.
     *
     * @throws NonFiniteWeightsException naming the tensor, the first non-finite value and its index
     */
    public static void requireFinite(String tensor, float[] values) {
        String problem = problem(tensor, values);
        if (problem != null) {
            throw new NonFiniteWeightsException(problem);
        }
    }

    /** What is wrong with the values ("tensor 'k' holds NaN at index 12 of 64"), or null when all are finite. */
    static String problem(String tensor, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return "tensor '" + tensor + "' holds " + values[i] + " at index " + i + " of " + values.length;
            }
        }
        return null;
    }
}

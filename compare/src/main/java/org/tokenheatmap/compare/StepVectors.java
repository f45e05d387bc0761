package org.tokenheatmap.compare;

/** The activation vectors of one step of one trace, looked up by (layer, submodule). */
sealed interface StepVectors extends AutoCloseable permits SidecarVectors, SummaryVectors {

    /** The vector of length hidden_dim, or null when this step has none for (layer, submodule). */
    float[] get(int layer, String submodule);

    /** Names what the vectors come from in error messages: a sidecar file or a JSON pointer. */
    String source();

    @Override void close();
}

package org.tokenheatmap.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.sidecar.ActivationSidecar;
import org.tokenheatmap.formats.sidecar.Sidecars;

/** Full activation vectors of one step from its Tier 2 sidecar ({@code Sidecars.read}). */
final class SidecarVectors implements StepVectors {

    private final Path file;
    private final int hiddenDim;
    private final Map<Integer, ActivationSidecar.Layer> layers = new HashMap<>();

    private SidecarVectors(Path file, ActivationSidecar sidecar) {
        this.file = file;
        this.hiddenDim = sidecar.hiddenDim();
        for (ActivationSidecar.Layer layer : sidecar.layers()) layers.put(layer.layer(), layer);
    }

    /**
     * @param activations the activation trace whose step names the sidecar; the ref is relative to its directory
     */
    static SidecarVectors open(Path activations, String ref, int step, int hiddenDim) {
        Path file = activations.toAbsolutePath().resolveSibling(ref);
        String place = "/steps/" + step + "/activation_sidecar_ref";
        ActivationSidecar sidecar;
        try {
            if (!(Sidecars.read(file) instanceof ActivationSidecar s))
                throw new BadInputException(activations, place, file + " is an attention sidecar, not an activation one");
            sidecar = s;
        } catch (IOException e) {
            throw new BadInputException(activations, place, "cannot read sidecar " + file + ": " + e.getMessage(), e);
        }
        if (sidecar.step() != step)
            throw new BadInputException(file, "step", "is " + sidecar.step() + ", but step " + step + " names this sidecar");
        if (sidecar.hiddenDim() != hiddenDim)
            throw new BadInputException(file, "hidden_dim", "is " + sidecar.hiddenDim() + ", the trace says " + hiddenDim);
        return new SidecarVectors(file, sidecar);
    }

    @Override public float[] get(int layer, String submodule) {
        ActivationSidecar.Layer row = layers.get(layer);
        float[] vector = row == null ? null : row.submoduleTensors().get(submodule);
        if (vector != null && vector.length != hiddenDim)
            throw new BadInputException(file, "layer_" + layer + "/" + submodule, "has " + vector.length + " values");
        return vector;
    }

    @Override public String source() { return file.toString(); }

    @Override public void close() {}
}

package org.tokenheatmap.formats.sidecar;

import org.tokenheatmap.formats.json.Json;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

import static org.tokenheatmap.formats.sidecar.SidecarLayout.*;

/**
 * The JSON rendering of a sidecar: the object the seed schema describes ({@code read_sidecar}'s dict). Absent q/k/v
 * render as null; a non-finite float (which JSON cannot hold) renders as null so that schema validation flags it.
 */
public final class SidecarJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter WRITER = Json.mapper().writer().without(StreamWriteFeature.AUTO_CLOSE_TARGET);

    private SidecarJson() {}

    public static ObjectNode toTree(Sidecar sidecar) {
        ObjectNode root = NODES.objectNode();
        root.put(SCHEMA_VERSION, sidecar.schemaVersion());
        root.put(STEP, sidecar.step());
        switch (sidecar) {
            case AttentionSidecar a -> {
                root.put(NUM_ATTENTION_HEADS, a.numAttentionHeads());
                root.put(NUM_KEY_VALUE_HEADS, a.numKeyValueHeads());
                root.put(HEAD_DIM, a.headDim());
                ArrayNode layers = root.putArray(LAYERS);
                for (AttentionSidecar.Layer l : a.layers()) {
                    ObjectNode layer = layers.addObject().put("layer", l.layer());
                    layer.set(ATTENTION_WEIGHTS, matrix(l.attentionWeights()));
                    layer.set(Q_LAST, matrix(l.qLast()));
                    layer.set(K_LAST, matrix(l.kLast()));
                    layer.set(V_LAST, matrix(l.vLast()));
                }
            }
            case ActivationSidecar a -> {
                root.put(NUM_LAYERS, a.numLayers());
                root.put(HIDDEN_DIM, a.hiddenDim());
                ArrayNode subs = root.putArray(CAPTURED_SUBMODULES);
                a.capturedSubmodules().forEach(subs::add);
                ArrayNode captured = root.putArray(CAPTURED_LAYERS);
                a.capturedLayers().forEach(captured::add);
                ArrayNode layers = root.putArray(LAYERS);
                for (ActivationSidecar.Layer l : a.layers()) {
                    ObjectNode tensors = layers.addObject().put("layer", l.layer()).putObject("submodule_tensors");
                    l.submoduleTensors().forEach((name, values) -> tensors.set(name, vector(values)));
                }
            }
        }
        return root;
    }

    /** Writes the rendering as compact JSON followed by a newline; leaves {@code out} open. */
    public static void write(Sidecar sidecar, OutputStream out) throws IOException {
        WRITER.writeValue(out, toTree(sidecar));
        out.write('\n');
        out.flush();
    }

    /** Writes the rendering as compact JSON followed by a newline; leaves {@code out} open. */
    public static void write(Sidecar sidecar, Writer out) throws IOException {
        WRITER.writeValue(out, toTree(sidecar));
        out.write('\n');
        out.flush();
    }

    private static tools.jackson.databind.JsonNode matrix(FloatMatrix m) {
        if (m == null) return NODES.nullNode();
        ArrayNode rows = NODES.arrayNode(m.rows());
        for (int r = 0; r < m.rows(); r++) rows.add(vector(m.row(r)));
        return rows;
    }

    private static ArrayNode vector(float[] values) {
        ArrayNode out = NODES.arrayNode(values.length);
        for (float v : values) {
            if (Float.isFinite(v)) out.add(v); else out.addNull();
        }
        return out;
    }
}

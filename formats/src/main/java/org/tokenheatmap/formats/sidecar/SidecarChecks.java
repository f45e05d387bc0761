package org.tokenheatmap.formats.sidecar;

import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.validate.Problem;
import org.tokenheatmap.formats.validate.Problems;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.tokenheatmap.formats.sidecar.SidecarLayout.*;

/**
 * The semantic rules the seed schemas state in prose but cannot express: shapes tied to the 0-d fields,
 * attention rows summing to 1, ascending duplicate-free layers, complete layer/submodule keys, known schema
 * major version. Places are npz keys ({@code layer_3/q_last}).
 */
public final class SidecarChecks {

    /** How far an attention row's sum may stray from 1 (float32 softmax over thousands of keys drifts by ~1e-5). */
    public static final double ROW_SUM_TOLERANCE = 1e-3;

    private SidecarChecks() {}

    public static List<Problem> check(Sidecar sidecar, Object file) {
        Problems problems = new Problems(file);
        try {
            sidecar.kind().requireKnownVersion(sidecar.schemaVersion(), file);
        } catch (BadInputException e) {
            problems.add(SCHEMA_VERSION, e.reason());
        }
        if (sidecar.step() < 0) problems.add(STEP, "step " + sidecar.step() + " is negative");
        switch (sidecar) {
            case AttentionSidecar a -> checkAttention(a, problems);
            case ActivationSidecar a -> checkActivation(a, problems);
        }
        return problems.toList();
    }

    private static void checkAttention(AttentionSidecar s, Problems problems) {
        int heads = s.numAttentionHeads(), kvHeads = s.numKeyValueHeads(), headDim = s.headDim();
        positive(problems, NUM_ATTENTION_HEADS, heads);
        positive(problems, NUM_KEY_VALUE_HEADS, kvHeads);
        positive(problems, HEAD_DIM, headDim);
        if (heads > 0 && kvHeads > 0 && heads % kvHeads != 0)
            problems.add(NUM_KEY_VALUE_HEADS, kvHeads + " key/value heads do not divide " + heads + " attention heads");
        ascendingUnique(problems, LAYERS, s.layers().stream().map(AttentionSidecar.Layer::layer).toList());
        int keyLength = -1;
        for (AttentionSidecar.Layer l : s.layers()) {
            FloatMatrix w = l.attentionWeights();
            String key = layerKey(l.layer(), ATTENTION_WEIGHTS);
            shape(problems, key, w, heads, w.cols());
            if (keyLength >= 0 && w.cols() != keyLength)
                problems.add(key, "key length " + w.cols() + " differs from the " + keyLength + " of earlier layers (one step has one key length)");
            keyLength = w.cols();
            if (w.cols() == 0) problems.add(key, "key length is 0");
            rowsAreDistributions(problems, key, w);
            boolean anyQkv = l.qLast() != null || l.kLast() != null || l.vLast() != null;
            qkv(problems, l.layer(), Q_LAST, l.qLast(), heads, headDim, anyQkv);
            qkv(problems, l.layer(), K_LAST, l.kLast(), kvHeads, headDim, anyQkv);
            qkv(problems, l.layer(), V_LAST, l.vLast(), kvHeads, headDim, anyQkv);
        }
    }

    private static void qkv(Problems problems, int layer, String name, FloatMatrix m, int rows, int cols, boolean expected) {
        String key = layerKey(layer, name);
        if (m == null) {
            if (expected) problems.add(key, "missing while other q/k/v vectors of this layer are present");
            return;
        }
        shape(problems, key, m, rows, cols);
        finite(problems, key, m.values());
    }

    private static void rowsAreDistributions(Problems problems, String key, FloatMatrix w) {
        for (int r = 0; r < w.rows(); r++) {
            double sum = 0;
            for (int c = 0; c < w.cols(); c++) {
                float v = w.get(r, c);
                if (!(v >= 0 && v <= 1)) {
                    problems.add(key, "head " + r + " position " + c + ": weight " + v + " is outside [0, 1]");
                    sum = Double.NaN;
                    break;
                }
                sum += v;
            }
            if (!Double.isNaN(sum) && Math.abs(sum - 1) > ROW_SUM_TOLERANCE)
                problems.add(key, "head " + r + ": weights sum to " + sum + ", not 1 (tolerance " + ROW_SUM_TOLERANCE + ")");
        }
    }

    private static void checkActivation(ActivationSidecar s, Problems problems) {
        positive(problems, NUM_LAYERS, s.numLayers());
        positive(problems, HIDDEN_DIM, s.hiddenDim());
        if (s.capturedSubmodules().isEmpty()) problems.add(CAPTURED_SUBMODULES, "is empty");
        if (new HashSet<>(s.capturedSubmodules()).size() != s.capturedSubmodules().size())
            problems.add(CAPTURED_SUBMODULES, "contains duplicates: " + s.capturedSubmodules());
        ascendingUnique(problems, CAPTURED_LAYERS, s.capturedLayers());
        for (int layer : s.capturedLayers())
            if (layer < 0 || layer >= s.numLayers())
                problems.add(CAPTURED_LAYERS, "layer " + layer + " is outside 0.." + (s.numLayers() - 1));
        List<Integer> rowLayers = s.layers().stream().map(ActivationSidecar.Layer::layer).toList();
        if (!rowLayers.equals(s.capturedLayers()))
            problems.add(LAYERS, "layer rows " + rowLayers + " differ from captured_layers " + s.capturedLayers());
        Set<String> known = Set.copyOf(s.capturedSubmodules());
        for (ActivationSidecar.Layer l : s.layers()) {
            for (String sub : s.capturedSubmodules())
                if (!l.submoduleTensors().containsKey(sub)) problems.add(layerKey(l.layer(), sub), "missing key");
            for (var e : l.submoduleTensors().entrySet()) {
                String key = layerKey(l.layer(), e.getKey());
                if (!known.contains(e.getKey())) problems.add(key, "submodule '" + e.getKey() + "' is not in captured_submodules");
                if (e.getValue().length != s.hiddenDim())
                    problems.add(key, "vector length " + e.getValue().length + " differs from hidden_dim " + s.hiddenDim());
                finite(problems, key, e.getValue());
            }
        }
    }

    private static void shape(Problems problems, String key, FloatMatrix m, int rows, int cols) {
        if (m.rows() != rows || m.cols() != cols)
            problems.add(key, "shape " + m.shape() + " differs from the expected [" + rows + ", " + cols + "]");
    }

    private static void finite(Problems problems, String key, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                problems.add(key, "element " + i + " is " + values[i] + " (JSON has no non-finite numbers)");
                return;
            }
        }
    }

    private static void positive(Problems problems, String key, long value) {
        if (value < 1) problems.add(key, "must be at least 1, is " + value);
    }

    private static void ascendingUnique(Problems problems, String key, List<Integer> layers) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) < 0) problems.add(key, "layer index " + layers.get(i) + " is negative");
            if (i > 0 && layers.get(i) <= layers.get(i - 1))
                problems.add(key, layers.get(i).equals(layers.get(i - 1))
                        ? "layer " + layers.get(i) + " appears twice"
                        : "not ascending: " + layers.get(i) + " follows " + layers.get(i - 1));
        }
    }
}

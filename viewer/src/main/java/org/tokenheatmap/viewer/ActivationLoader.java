package org.tokenheatmap.viewer;

import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.formats.trace.ActivationDiffReader;
import org.tokenheatmap.formats.trace.ActivationLayerEntry;
import org.tokenheatmap.formats.trace.ActivationMetadata;
import org.tokenheatmap.formats.trace.ActivationStep;
import org.tokenheatmap.formats.trace.ActivationTraceReader;
import org.tokenheatmap.formats.trace.DiffStep;
import org.tokenheatmap.formats.trace.LayerDelta;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads an {@code activations.json} ({@link ActivationTraceReader}) or an activation diff ({@link ActivationDiffReader})
 * one typed step at a time into the primitive columns of {@link ActivationData}.
 */
public final class ActivationLoader {
    private ActivationLoader() {
    }

    public static ActivationData load(Path file) {
        try (ActivationTraceReader reader = ActivationTraceReader.open(file)) {
            ActivationMetadata metadata = reader.header().activationMetadata();
            if (metadata == null) throw new BadInputException(file.toString(), "/activation_metadata", "missing");
            Columns columns = new Columns(metadata.capturedSubmodules() == null ? List.of() : metadata.capturedSubmodules());
            List<ActivationData.Step> steps = new ArrayList<>();
            for (ActivationStep step : reader) {
                int index = steps.size();
                if (step.step() != index) throw new BadInputException(file.toString(), "/steps/" + index + "/step", "must equal the array index " + index);
                List<Entry> entries = step.activations() == null ? List.of() : step.activations().stream().map(Entry::of).toList();
                steps.add(columns.step(file, index, step.tokenId(), step.tokenId(), step.decodedTextOffset(), step.activationSidecarRef(), entries, true));
            }
            int[] layers = metadata.capturedLayers() != null
                    ? metadata.capturedLayers().stream().mapToInt(Integer::intValue).toArray() : columns.layers();
            return new ActivationData(file, ActivationData.Kind.ACTIVATIONS, Json.mapper().valueToTree(metadata),
                    List.copyOf(columns.submodules), layers, steps);
        }
    }

    public static ActivationData loadDiff(Path file) {
        try (ActivationDiffReader reader = ActivationDiffReader.open(file)) {
            if (reader.header().alignment() == null) throw new BadInputException(file.toString(), "/alignment", "missing");
            Columns columns = new Columns(List.of());
            List<ActivationData.Step> steps = new ArrayList<>();
            for (DiffStep step : reader) {
                List<Entry> entries = step.delta() == null ? List.of() : step.delta().stream().map(Entry::of).toList();
                steps.add(columns.step(file, steps.size(), step.tokenIdA(), step.tokenIdB(), step.decodedTextOffsetA(), null, entries, false));
            }
            return new ActivationData(file, ActivationData.Kind.DIFF, Json.mapper().valueToTree(reader.header().alignment()),
                    List.copyOf(columns.submodules), columns.layers(), steps);
        }
    }

    /** One (layer, submodule) entry of either file kind: its metrics in {@link ActivationData.Kind} order and top neurons. */
    private record Entry(int layer, String submodule, float[] metrics, int[] topIndex, float[] topValue) {
        static Entry of(ActivationLayerEntry e) {
            var top = e.topNeurons() == null ? List.<org.tokenheatmap.formats.trace.TopNeuron>of() : e.topNeurons();
            int[] index = new int[top.size()];
            float[] value = new float[top.size()];
            for (int i = 0; i < index.length; i++) {
                index[i] = top.get(i).index();
                value[i] = (float) top.get(i).value();
            }
            return new Entry(e.layer(), e.submodule(), new float[] {(float) e.l2Norm(), (float) e.meanAbs(), (float) e.sparsity()}, index, value);
        }

        static Entry of(LayerDelta d) {
            var top = d.topChangedNeurons() == null ? List.<org.tokenheatmap.formats.trace.TopChangedNeuron>of() : d.topChangedNeurons();
            int[] index = new int[top.size()];
            float[] value = new float[top.size()];
            for (int i = 0; i < index.length; i++) {
                index[i] = top.get(i).index();
                value[i] = (float) top.get(i).delta();
            }
            return new Entry(d.layer(), d.submodule(), new float[] {(float) d.l2(), (float) d.cosine()}, index, value);
        }
    }

    /** Turns entries into a step's columns, numbering submodules (declared ones first, in their order) and noting layers. */
    private static final class Columns {
        final List<String> submodules;
        final boolean declaredOnly;
        final TreeSet<Integer> seenLayers = new TreeSet<>();

        Columns(List<String> declared) {
            this.submodules = new ArrayList<>(declared);
            this.declaredOnly = !declared.isEmpty();
        }

        int[] layers() {
            return seenLayers.stream().mapToInt(Integer::intValue).toArray();
        }

        ActivationData.Step step(Path file, int index, int tokenA, int tokenB, int offset, String sidecarRef, List<Entry> entries,
                                 boolean checkDeclared) {
            int n = entries.size();
            int[] layer = new int[n], submodule = new int[n], topStart = new int[n + 1];
            int metricCount = n == 0 ? 0 : entries.getFirst().metrics().length;
            float[][] metrics = new float[metricCount][n];
            int tops = entries.stream().mapToInt(e -> e.topIndex().length).sum();
            int[] topIndex = new int[tops];
            float[] topValue = new float[tops];
            int t = 0;
            for (int i = 0; i < n; i++) {
                Entry e = entries.get(i);
                layer[i] = e.layer();
                seenLayers.add(e.layer());
                int sub = submodules.indexOf(e.submodule());
                if (sub < 0) {
                    if (checkDeclared && declaredOnly) {
                        throw new BadInputException(file.toString(), "/activation_metadata/captured_submodules",
                                "lacks '" + e.submodule() + "' used by step " + index);
                    }
                    submodules.add(e.submodule());
                    sub = submodules.size() - 1;
                }
                submodule[i] = sub;
                for (int m = 0; m < metricCount; m++) metrics[m][i] = e.metrics()[m];
                topStart[i] = t;
                System.arraycopy(e.topIndex(), 0, topIndex, t, e.topIndex().length);
                System.arraycopy(e.topValue(), 0, topValue, t, e.topValue().length);
                t += e.topIndex().length;
            }
            topStart[n] = t;
            return new ActivationData.Step(tokenA, tokenB, offset, sidecarRef, layer, submodule, metrics, topStart, topIndex, topValue);
        }
    }
}

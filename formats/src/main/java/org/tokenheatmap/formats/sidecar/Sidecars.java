package org.tokenheatmap.formats.sidecar;

import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.npz.NdArray;
import org.tokenheatmap.formats.npz.NpzReader;
import org.tokenheatmap.formats.npz.AtomicFile;
import org.tokenheatmap.formats.npz.NpzWriter;
import org.tokenheatmap.formats.validate.Problem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.tokenheatmap.formats.sidecar.SidecarLayout.*;

/**
 * {@code read_sidecar} and its inverse: sidecar {@code .npz} archives to and from {@link AttentionSidecar} /
 * {@link ActivationSidecar}. Attention sidecars are written with stored entries ({@code numpy.savez}), activation
 * sidecars deflated ({@code numpy.savez_compressed}); both crash-safely.
 */
public final class Sidecars {

    private Sidecars() {}

    /** Reads a sidecar of either kind; q/k/v that the archive lacks come back as null. */
    public static Sidecar read(Path file) throws IOException {
        try (NpzReader reader = NpzReader.open(file)) {
            return read(reader);
        }
    }

    /** Reads a sidecar from an open archive (its kind told apart by the 0-d keys only that kind holds). */
    public static Sidecar read(NpzReader reader) throws IOException {
        return switch (kindOf(reader)) {
            case ATTENTION -> readAttention(new TypedArrays(reader));
            case ACTIVATION -> readActivation(new TypedArrays(reader));
        };
    }

    /** Which kind the archive is, or bad input when it is neither. */
    public static SidecarKind kindOf(NpzReader reader) {
        for (SidecarKind kind : SidecarKind.values()) if (reader.contains(kind.markerKey())) return kind;
        throw new BadInputException(reader.path(), "", "not a sidecar: neither '" + SidecarKind.ATTENTION.markerKey()
                + "' (attention) nor '" + SidecarKind.ACTIVATION.markerKey() + "' (activation) is among its keys");
    }

    public static void write(Path target, AttentionSidecar sidecar) throws IOException {
        write(target, sidecar, AtomicFile.Durability.SYNC);
    }

    /** {@link AtomicFile.Durability#DEFERRED}: for sidecars inside a run directory that is synced and renamed as a whole. */
    public static void write(Path target, AttentionSidecar sidecar, AtomicFile.Durability durability) throws IOException {
        requireValid(target, sidecar);
        try (NpzWriter w = NpzWriter.create(target, NpzWriter.Options.of(NpzWriter.Compression.STORED), durability)) {
            writeHeader(w, sidecar);
            w.put(NUM_ATTENTION_HEADS, NdArray.scalar(sidecar.numAttentionHeads()));
            w.put(NUM_KEY_VALUE_HEADS, NdArray.scalar(sidecar.numKeyValueHeads()));
            w.put(HEAD_DIM, NdArray.scalar(sidecar.headDim()));
            w.put(LAYERS, longs(sidecar.layers().stream().map(AttentionSidecar.Layer::layer).toList()));
            for (AttentionSidecar.Layer l : sidecar.layers()) {
                putMatrix(w, layerKey(l.layer(), ATTENTION_WEIGHTS), l.attentionWeights());
                putMatrix(w, layerKey(l.layer(), Q_LAST), l.qLast());
                putMatrix(w, layerKey(l.layer(), K_LAST), l.kLast());
                putMatrix(w, layerKey(l.layer(), V_LAST), l.vLast());
            }
            w.finish();
        }
    }

    public static void write(Path target, ActivationSidecar sidecar) throws IOException {
        write(target, sidecar, AtomicFile.Durability.SYNC);
    }

    /** {@link AtomicFile.Durability#DEFERRED}: for sidecars inside a run directory that is synced and renamed as a whole. */
    public static void write(Path target, ActivationSidecar sidecar, AtomicFile.Durability durability) throws IOException {
        requireValid(target, sidecar);
        try (NpzWriter w = NpzWriter.create(target, NpzWriter.Options.of(NpzWriter.Compression.DEFLATED), durability)) {
            writeHeader(w, sidecar);
            w.put(NUM_LAYERS, NdArray.scalar(sidecar.numLayers()));
            w.put(HIDDEN_DIM, NdArray.scalar(sidecar.hiddenDim()));
            w.put(CAPTURED_SUBMODULES, NdArray.strings(sidecar.capturedSubmodules().toArray(String[]::new)));
            w.put(CAPTURED_LAYERS, longs(sidecar.capturedLayers()));
            for (ActivationSidecar.Layer l : sidecar.layers())
                for (var e : l.submoduleTensors().entrySet())
                    w.put(layerKey(l.layer(), e.getKey()), NdArray.of(e.getValue(), e.getValue().length));
            w.finish();
        }
    }

    private static AttentionSidecar readAttention(TypedArrays in) throws IOException {
        String version = in.scalarString(SCHEMA_VERSION);
        SidecarKind.ATTENTION.requireKnownVersion(version, in.reader().path());
        List<AttentionSidecar.Layer> layers = new ArrayList<>();
        for (int layer : in.intList(LAYERS)) {
            layers.add(new AttentionSidecar.Layer(layer,
                    in.matrix(layerKey(layer, ATTENTION_WEIGHTS)),
                    in.optionalMatrix(layerKey(layer, Q_LAST)),
                    in.optionalMatrix(layerKey(layer, K_LAST)),
                    in.optionalMatrix(layerKey(layer, V_LAST))));
        }
        return new AttentionSidecar(version, in.scalarLong(STEP), in.scalarInt(NUM_ATTENTION_HEADS),
                in.scalarInt(NUM_KEY_VALUE_HEADS), in.scalarInt(HEAD_DIM), layers);
    }

    private static ActivationSidecar readActivation(TypedArrays in) throws IOException {
        String version = in.scalarString(SCHEMA_VERSION);
        SidecarKind.ACTIVATION.requireKnownVersion(version, in.reader().path());
        List<String> submodules = in.stringList(CAPTURED_SUBMODULES);
        List<Integer> capturedLayers = in.intList(CAPTURED_LAYERS);
        List<ActivationSidecar.Layer> layers = new ArrayList<>();
        for (int layer : capturedLayers) {
            // A layer may lack a submodule (the schema allows it); the checks report it as a missing key.
            Map<String, float[]> tensors = new LinkedHashMap<>();
            for (String sub : submodules) {
                String key = layerKey(layer, sub);
                if (in.reader().contains(key)) tensors.put(sub, in.vector(key));
            }
            layers.add(new ActivationSidecar.Layer(layer, tensors));
        }
        return new ActivationSidecar(version, in.scalarLong(STEP), in.scalarInt(NUM_LAYERS), in.scalarInt(HIDDEN_DIM),
                submodules, capturedLayers, layers);
    }

    /** Files appear valid or not at all: a sidecar that fails its own checks is refused before anything is written. */
    private static void requireValid(Path target, Sidecar sidecar) {
        List<Problem> problems = SidecarChecks.check(sidecar, target);
        if (!problems.isEmpty())
            throw new IllegalArgumentException("refusing to write an invalid sidecar " + target + ":\n  "
                    + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
    }

    private static void writeHeader(NpzWriter w, Sidecar sidecar) throws IOException {
        w.put(SCHEMA_VERSION, NdArray.scalar(sidecar.schemaVersion()));
        w.put(STEP, NdArray.scalar(sidecar.step()));
    }

    private static void putMatrix(NpzWriter w, String key, FloatMatrix m) throws IOException {
        if (m != null) w.put(key, NdArray.of(m.values(), m.rows(), m.cols()));
    }

    private static NdArray longs(List<Integer> values) {
        return NdArray.of(values.stream().mapToLong(Integer::longValue).toArray(), values.size());
    }
}

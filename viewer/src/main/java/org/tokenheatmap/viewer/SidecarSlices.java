package org.tokenheatmap.viewer;

import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.npz.NdArray;
import org.tokenheatmap.formats.npz.NpzReader;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Reads one tensor of a Tier 2 {@code .npz} sidecar (key layout in PRODUCT.md) with formats' {@link NpzReader}, without loading the others: an
 * attention layer's [H, K] matrix or one head's row, an activation layer's [hidden_dim] vector.
 */
final class SidecarSlices {
    private SidecarSlices() {
    }

    /** {step, layer, heads, keys, weights: [H][K]} or, with {@code head >= 0}, {.., head, weights: [K]}. */
    static ObjectNode attention(Path file, int layer, int head) {
        if (layer < 0) throw new IllegalArgumentException("missing query parameter 'layer'");
        try (NpzReader npz = NpzReader.open(file)) {
            NdArray weights = tensor(npz, file, "layer_" + layer + "/attention_weights");
            long[] shape = weights.shape();
            if (!(weights instanceof NdArray.Float32 f) || shape.length != 2) {
                throw new BadInputException(file.toString(), "layer_" + layer + "/attention_weights", "expected float32 [heads, keys], got " + weights.dtype() + " " + java.util.Arrays.toString(shape));
            }
            int heads = (int) shape[0], keys = (int) shape[1];
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("step", scalar(npz, file, "step")).put("layer", layer).put("heads", heads).put("keys", keys);
            if (head >= 0) {
                if (head >= heads) throw new IllegalArgumentException("head " + head + " out of range [0, " + heads + ")");
                out.put("head", head);
                row(out.putArray("weights"), f.data(), head * keys, keys);
            } else {
                ArrayNode rows = out.putArray("weights");
                for (int h = 0; h < heads; h++) row(rows.addArray(), f.data(), h * keys, keys);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {step, layer, submodule, values: [hidden_dim]}. */
    static ObjectNode activation(Path file, int layer, String submodule) {
        if (layer < 0) throw new IllegalArgumentException("missing query parameter 'layer'");
        String key = "layer_" + layer + "/" + submodule;
        try (NpzReader npz = NpzReader.open(file)) {
            NdArray vector = tensor(npz, file, key);
            if (!(vector instanceof NdArray.Float32 f) || vector.shape().length != 1) {
                throw new BadInputException(file.toString(), key, "expected float32 [hidden_dim]");
            }
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("step", scalar(npz, file, "step")).put("layer", layer).put("submodule", submodule);
            row(out.putArray("values"), f.data(), 0, f.data().length);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long scalar(NpzReader npz, Path file, String key) throws IOException {
        if (!(tensor(npz, file, key) instanceof NdArray.Int64 v) || v.shape().length != 0) {
            throw new BadInputException(file.toString(), key, "expected a 0-d int64");
        }
        return v.data()[0];
    }

    /** One tensor, read on its own (formats' lazy {@link NpzReader}: sizes and offsets checked before use). */
    private static NdArray tensor(NpzReader npz, Path file, String key) throws IOException {
        if (!npz.contains(key)) throw new SafePaths.PathNotFoundException(file.getFileName() + ":" + key);
        return npz.get(key);
    }

    private static void row(ArrayNode out, float[] data, int offset, int length) {
        for (int i = 0; i < length; i++) out.add(data[offset + i]);
    }
}

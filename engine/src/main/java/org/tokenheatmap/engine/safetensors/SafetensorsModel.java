package org.tokenheatmap.engine.safetensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tokenheatmap.engine.model.TensorSource;
import org.tokenheatmap.engine.model.WeightTensor;
import org.tokenheatmap.formats.BadInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The weights of a Hugging Face model directory: {@code model.safetensors}, or the shards listed in
 * {@code model.safetensors.index.json}, under their own names and shapes. Knows no model family: a family's
 * conversion turns these into the canonical layout (see {@code org.tokenheatmap.engine.family}).
 */
public final class SafetensorsModel implements TensorSource, AutoCloseable {

    public static final String CONFIG = "config.json";
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsTensor> tensors;

    private SafetensorsModel(Path directory, List<SafetensorsFile> files, Map<String, SafetensorsTensor> tensors) {
        this.directory = directory;
        this.files = files;
        this.tensors = tensors;
    }

    /** Whether {@code path} looks like a Hugging Face model directory. */
    public static boolean isModelDirectory(Path path) {
        return Files.isDirectory(path) && Files.isRegularFile(path.resolve(CONFIG));
    }

    public static SafetensorsModel open(Path directory) {
        List<SafetensorsFile> files = new ArrayList<>();
        try {
            for (Path p : shardPaths(directory)) files.add(SafetensorsFile.open(p));
            Map<String, SafetensorsTensor> byName = new LinkedHashMap<>();
            for (SafetensorsFile f : files) {
                for (SafetensorsTensor t : f.tensors().values()) {
                    if (byName.put(t.name(), t) != null) {
                        throw new BadInputException(f.path(), "tensor " + t.name(), "also stored in another shard");
                    }
                }
            }
            return new SafetensorsModel(directory, List.copyOf(files), byName);
        } catch (RuntimeException e) {
            files.forEach(SafetensorsFile::close);
            throw e;
        }
    }
    /** {@code model.safetensors}, or every distinct shard of the index's {@code weight_map}. */
    private static List<Path> shardPaths(Path directory) {
        Path index = directory.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            Path single = directory.resolve(SINGLE_FILE);
            if (!Files.isRegularFile(single)) {
                throw new BadInputException(directory, "", "neither " + SINGLE_FILE + " nor " + INDEX + " found");
            }
            return List.of(single);
        }
        JsonNode weightMap = readJson(index).get("weight_map");
        if (weightMap == null || !weightMap.isObject()) throw new BadInputException(index, "/weight_map", "must be an object");
        LinkedHashSet<Path> shards = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> e : weightMap.properties()) {
            String shard = e.getValue().asString("");
            // Shard names are plain file names; anything else could reach outside the model directory.
            if (!shard.endsWith(".safetensors") || shard.contains("/") || shard.contains("\\") || shard.startsWith(".")) {
                throw new BadInputException(index, "/weight_map/" + e.getKey(), "shard '" + shard + "' is not a file name");
            }
            shards.add(directory.resolve(shard));
        }
        return List.copyOf(shards);
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readAllBytes(file));
            if (node == null || !node.isObject()) throw new BadInputException(file, "", "must be a JSON object");
            return node;
        } catch (JacksonException e) {
            throw new BadInputException(file, "", "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException(file, "", "cannot read: " + e.getMessage());
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public Object file() {
        return directory;
    }

    @Override
    public Optional<WeightTensor> find(String name) {
        SafetensorsTensor t = tensors.get(name);
        return t == null ? Optional.empty() : Optional.of(new WeightTensor(name, t.toFloatTensor(), t.shape()));
    }

    /** The files' tensors under their Hugging Face names, with their safetensors dtypes. */
    @Override
    public Map<String, String> tensorTypes() {
        Map<String, String> types = new TreeMap<>();
        tensors.values().forEach(t -> types.put(t.name(), t.dtype().name()));
        return types;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}

package org.tokenheatmap.engine.safetensors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tokenheatmap.engine.model.LlamaConfig;
import org.tokenheatmap.engine.model.TensorSource;
import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.formats.BadInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A Hugging Face Llama/Mistral model directory: {@code config.json} plus {@code model.safetensors} or shards listed in
 * {@code model.safetensors.index.json}. Tensors are exposed under GGUF names so that the one loader builds the model.
 *
 * <p>RoPE layout: Hugging Face rotates each head's halves ({@code rotate_half}: pairs {@code (i, i + d/2)}), our engine
 * rotates adjacent pairs {@code (2i, 2i+1)} like llama.cpp, whose converter permutes q/k rows to match. We apply the
 * same permutation once at load: per head, interleaved row {@code 2i + j} takes Hugging Face row {@code j*d/2 + i}.
 * Attention scores are unchanged because q and k are permuted alike; only these two tensors are copied (in their
 * own dtype), every other tensor stays a view of the mapped file.
 */
public final class SafetensorsModel implements TensorSource, AutoCloseable {

    public static final String CONFIG = "config.json";
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final LlamaConfig config;
    private final List<SafetensorsFile> files;
    private final Arena permuted;
    private final Map<String, FloatTensor> tensors;

    private SafetensorsModel(Path directory, LlamaConfig config, List<SafetensorsFile> files, Arena permuted,
                             Map<String, FloatTensor> tensors) {
        this.directory = directory;
        this.config = config;
        this.files = files;
        this.permuted = permuted;
        this.tensors = tensors;
    }

    /** Whether {@code path} looks like a Hugging Face model directory. */
    public static boolean isModelDirectory(Path path) {
        return Files.isDirectory(path) && Files.isRegularFile(path.resolve(CONFIG));
    }

    public static SafetensorsModel open(Path directory) {
        Path configFile = directory.resolve(CONFIG);
        HfLlamaConfig hf = HfLlamaConfig.parse(configFile, readJson(configFile));
        List<SafetensorsFile> files = new ArrayList<>();
        Arena permuted = Arena.ofShared();
        try {
            for (Path p : shardPaths(directory)) files.add(SafetensorsFile.open(p));
            Map<String, SafetensorsTensor> byName = new LinkedHashMap<>();
            for (SafetensorsFile f : files) byName.putAll(f.tensors());
            Map<String, FloatTensor> mapped = new HfTensorNames(directory, hf, byName, permuted).map();
            return new SafetensorsModel(directory, hf.llama(), List.copyOf(files), permuted, mapped);
        } catch (RuntimeException e) {
            files.forEach(SafetensorsFile::close);
            permuted.close();
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

    public LlamaConfig config() {
        return config;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public Object file() {
        return directory;
    }

    @Override
    public Optional<FloatTensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** The files' tensors under their Hugging Face names, with their safetensors dtypes. */
    @Override
    public Map<String, String> tensorTypes() {
        Map<String, String> types = new TreeMap<>();
        files.forEach(f -> f.tensors().values().forEach(t -> types.put(t.name(), t.dtype().name())));
        return types;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
        permuted.close();
    }
}

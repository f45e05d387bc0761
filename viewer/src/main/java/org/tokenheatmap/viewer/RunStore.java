package org.tokenheatmap.viewer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Loads each run's files once and keeps them while unchanged on disk (keyed by real path; reloaded when the file's
 * modification time or size changes, e.g. a capture rewrote it). Holds a bounded number of runs.
 */
public final class RunStore {
    private static final int MAX_CACHED = 8;

    private record Key(Path file, FileTime modified, long size) {
    }

    private final Map<Path, Map.Entry<Key, Object>> cache = new ConcurrentHashMap<>();

    public TraceData trace(Path runDir) {
        return cached(runDir.resolve("trace.json"), f -> TraceLoader.load(runDir), TraceData.class);
    }

    /** The run's activation trace, named by the trace's {@code activations_ref} or {@code activations.json}. */
    public ActivationData activations(Path runDir) {
        TraceData trace = trace(runDir);
        String ref = trace.header().path("activations_ref").asString("activations.json");
        Path file = runDir.resolve(ref).normalize();
        if (!file.startsWith(runDir) || !Files.isRegularFile(file)) {
            throw new SafePaths.PathNotFoundException("activations of " + runDir.getFileName());
        }
        return cached(file, ActivationLoader::load, ActivationData.class);
    }

    /** An activation diff file (activation-diff.schema.json), as layer × step matrices. */
    public ActivationData activationDiff(Path file) {
        return cached(file, ActivationLoader::loadDiff, ActivationData.class);
    }

    /** A token diff file (the compare module's token-diff.schema.json), one small record per step. */
    public TokenDiffData tokenDiff(Path file) {
        return cached(file, TokenDiffData::load, TokenDiffData.class);
    }

    private <T> T cached(Path file, Function<Path, T> loader, Class<T> type) {
        Key key = keyOf(file);
        Map.Entry<Key, Object> hit = cache.get(file);
        if (hit != null && hit.getKey().equals(key)) return type.cast(hit.getValue());
        synchronized (this) {
            hit = cache.get(file);
            if (hit != null && hit.getKey().equals(key)) return type.cast(hit.getValue());
            T loaded = loader.apply(file);
            if (cache.size() >= MAX_CACHED) cache.clear();
            cache.put(file, Map.entry(key, loaded));
            return loaded;
        }
    }

    private static Key keyOf(Path file) {
        try {
            return new Key(file, Files.getLastModifiedTime(file), Files.size(file));
        } catch (IOException e) {
            throw new SafePaths.PathNotFoundException(file.getFileName().toString());
        }
    }
}

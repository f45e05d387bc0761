package org.tokenheatmap.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.tokenheatmap.engine.model.DecoderConfig;
import org.tokenheatmap.engine.load.LoadedModel;
import org.tokenheatmap.engine.load.ModelTokenizer;
import org.tokenheatmap.engine.tokenizer.SpecialTokens;
import org.tokenheatmap.engine.tokenizer.Tokenizer;
import org.tokenheatmap.engine.tokenizer.Vocabulary;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.trace.ModelInfo;
import org.tokenheatmap.formats.trace.SpecialTokenIds;
import org.tokenheatmap.formats.trace.TokenizerInfo;

/**
 * A model opened for capture with its tokenizer (found by {@link ModelTokenizer}) and the descriptions the trace
 * records.
 */
public record CaptureModel(LoadedModel loaded, Tokenizer tokenizer, ModelInfo info, TokenizerInfo tokenizerInfo)
        implements AutoCloseable {

    public static CaptureModel open(Path path) {
        LoadedModel loaded = LoadedModel.open(path);
        try {
            ModelTokenizer found = ModelTokenizer.of(loaded);
            Vocabulary vocabulary = found.vocabulary();
            Path tokenizerSource = found.source();
            Tokenizer tokenizer = Tokenizer.of(vocabulary);
            if (vocabulary.size() > loaded.model().vocabSize()) {
                throw new BadInputException(tokenizerSource, "", "tokenizer has " + vocabulary.size()
                        + " tokens but the model's vocabulary is " + loaded.model().vocabSize());
            }
            return new CaptureModel(loaded, tokenizer, describe(loaded, path), describe(tokenizer, tokenizerSource));
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    public DecoderConfig config() {
        return loaded.model().config();
    }

    @Override
    public void close() {
        loaded.close();
    }

    private static ModelInfo describe(LoadedModel loaded, Path path) {
        DecoderConfig c = loaded.model().config();
        String stem = path.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        String name = loaded.gguf().flatMap(g -> g.metadata().findString("general.name")).orElse(stem);
        return new ModelInfo(name, c.architecture(),
                loaded.format().name().toLowerCase(java.util.Locale.ROOT), dominantType(loaded.tensorTypes()),
                c.layers(), c.heads(), c.kvHeads(), c.headDim(), c.dim(), c.ffnDim(), c.vocabSize(),
                c.contextLength(), loaded.model().parameterCount(), path.toAbsolutePath().toString(), sha256(loaded.contentFiles()));
    }

    private static TokenizerInfo describe(Tokenizer tokenizer, Path source) {
        Vocabulary v = tokenizer.vocabulary();
        boolean spm = v.kind().sentencePiece();
        SpecialTokens s = v.special();
        return new TokenizerInfo(spm ? "sentencepiece-bpe" : "byte-level-bpe", spm ? null : v.preTokenizer(), v.size(),
                tokenizer.fingerprint(), new SpecialTokenIds(id(s.bos()), id(s.eos()), id(s.pad()), id(s.unk())),
                source.toAbsolutePath().toString());
    }

    private static Integer id(int id) {
        return id == SpecialTokens.NONE ? null : id;
    }

    /** The tensor type most tensors have (ties: alphabetical), e.g. {@code F32} or {@code Q8_0}. */
    private static String dominantType(Map<String, String> types) {
        Map<String, Integer> counts = new TreeMap<>();
        types.values().forEach(t -> counts.merge(t, 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("unknown");
    }

    /** SHA-256 of the files' bytes, concatenated (one file for GGUF / llama2.c). */
    static String sha256(java.util.List<Path> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

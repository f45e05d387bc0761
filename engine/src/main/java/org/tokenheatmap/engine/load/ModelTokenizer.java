package org.tokenheatmap.engine.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.tokenheatmap.engine.tokenizer.GgufTokenizerLoader;
import org.tokenheatmap.engine.tokenizer.HuggingFaceTokenizerLoader;
import org.tokenheatmap.engine.tokenizer.Llama2cTokenizerLoader;
import org.tokenheatmap.engine.tokenizer.Vocabulary;
import org.tokenheatmap.formats.BadInputException;

/**
 * A loaded model's tokenizer and the file it was read from. The one place that decides where a model's tokenizer
 * lives, for {@code capture}, {@code info} and the viewer's live capture: a GGUF file carries its own; a Hugging
 * Face directory ships {@code tokenizer.json}; a llama2.c checkpoint needs {@code tokenizer.bin} or
 * {@code tok512.bin} beside it (or a file named explicitly).
 */
public record ModelTokenizer(Path source, Vocabulary vocabulary) {

    /** llama2.c tokenizer files looked for beside a checkpoint, in order. */
    public static final List<String> LLAMA2C_FILES = List.of("tokenizer.bin", "tok512.bin");

    /** The model's tokenizer, or a {@link BadInputException} naming the model when it has none. */
    public static ModelTokenizer of(LoadedModel loaded) {
        return find(loaded, null).orElseThrow(() -> new BadInputException(loaded.path(), "",
                "llama2.c checkpoint without a tokenizer: put " + String.join(" or ", LLAMA2C_FILES) + " beside it"));
    }

    /**
     * The model's tokenizer, if one is found.
     *
     * @param llama2cFile a llama2.c tokenizer file to use instead of the one beside the model or a directory's
     *                    {@code tokenizer.json} (null: look for them); a GGUF file always uses its own
     */
    public static Optional<ModelTokenizer> find(LoadedModel loaded, Path llama2cFile) {
        if (loaded.gguf().isPresent()) {
            return Optional.of(new ModelTokenizer(loaded.path(), GgufTokenizerLoader.load(loaded.gguf().get())));
        }
        if (llama2cFile != null) return Optional.of(new ModelTokenizer(llama2cFile, Llama2cTokenizerLoader.load(llama2cFile)));
        Optional<Path> json = loaded.huggingFaceTokenizer();
        if (json.isPresent()) return Optional.of(new ModelTokenizer(json.get(), HuggingFaceTokenizerLoader.load(json.get())));
        Path dir = Files.isDirectory(loaded.path()) ? loaded.path() : loaded.path().toAbsolutePath().getParent();
        return LLAMA2C_FILES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst()
                .map(file -> new ModelTokenizer(file, Llama2cTokenizerLoader.load(file)));
    }

    /** For people: e.g. "byte-level BPE (pre-tokenizer llama-bpe), 128256 tokens, from tokenizer.json". */
    public String description() {
        String kind = switch (vocabulary.kind()) {
            case SPM -> "SentencePiece BPE";
            case SPM_BPE -> "SentencePiece-style BPE (ranked merges)";
            case BPE -> "byte-level BPE (pre-tokenizer " + vocabulary.preTokenizer() + ")";
        };
        return kind + ", " + vocabulary.size() + " tokens, from " + source.getFileName();
    }
}

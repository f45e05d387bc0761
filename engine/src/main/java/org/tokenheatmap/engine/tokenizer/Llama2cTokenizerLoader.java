package org.tokenheatmap.engine.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tokenheatmap.formats.BadInputException;

/**
 * Reads a llama2.c {@code tokenizer.bin}: int32 max_token_length, then per token float32 score, int32 length
 * and that many UTF-8 bytes, little-endian, up to the end of the file (the token count lives in the model
 * checkpoint, not here). llama2.c's exporter wrote spaces for U+2581 and {@code "\n<s>\n"}/{@code "\n</s>\n"}
 * for BOS/EOS; both are undone so the pieces equal the SentencePiece ones a GGUF file stores. Token types are
 * not stored and are inferred ({@link Vocabulary#inferSentencePieceTypes}); BOS 1, EOS 2, UNK 0 as in run.c.
 */
public final class Llama2cTokenizerLoader {
    /** Larger than any real SentencePiece vocabulary file; bounds what is read into memory. */
    static final long MAX_FILE_BYTES = 64L << 20;

    private Llama2cTokenizerLoader() {}

    public static Vocabulary load(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) throw new BadInputException(file, "", "file of " + size + " bytes is too large for a tokenizer.bin");
            return parse(file, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new BadInputException(file, "", "cannot read: " + e.getMessage(), e);
        }
    }

    static Vocabulary parse(Object file, byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 4) throw new BadInputException(file, "byte 0", "too short for the max_token_length header");
        int maxTokenLength = in.getInt();
        if (maxTokenLength <= 0) throw new BadInputException(file, "byte 0", "max_token_length " + maxTokenLength + " is not positive");
        List<String> tokens = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        var utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        while (in.hasRemaining()) {
            int at = in.position();
            if (in.remaining() < 8) throw new BadInputException(file, "byte " + at, "truncated token record " + tokens.size());
            float score = in.getFloat();
            int length = in.getInt();
            if (length < 0 || length > maxTokenLength || length > in.remaining()) {
                throw new BadInputException(file, "byte " + (at + 4), "token " + tokens.size() + " length " + length
                        + " is negative, above max_token_length " + maxTokenLength + " or past the end of the file");
            }
            ByteBuffer bytes = in.slice(in.position(), length);
            in.position(in.position() + length);
            try {
                tokens.add(toSentencePiece(utf8.decode(bytes).toString()));
            } catch (CharacterCodingException e) {
                throw new BadInputException(file, "byte " + (at + 8), "token " + tokens.size() + " is not valid UTF-8");
            }
            scores.add(score);
        }
        if (tokens.size() < 3) throw new BadInputException(file, "", "only " + tokens.size() + " tokens; <unk>, <s>, </s> are required");
        float[] scoreArray = new float[scores.size()];
        for (int i = 0; i < scoreArray.length; i++) scoreArray[i] = scores.get(i);
        return new Vocabulary(TokenizerKind.SPM, tokens, scoreArray, Vocabulary.inferSentencePieceTypes(tokens), List.of(),
                "default", new SpecialTokens(1, 2, 0, SpecialTokens.NONE), true, false, true, false);
    }

    private static String toSentencePiece(String exported) {
        return switch (exported) {
            case "\n<s>\n" -> "<s>";
            case "\n</s>\n" -> "</s>";
            default -> exported.replace(' ', SpmTokenizer.SPACE_MARK);
        };
    }
}

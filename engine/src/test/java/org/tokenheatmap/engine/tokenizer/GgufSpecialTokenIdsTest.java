package org.tokenheatmap.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.engine.gguf.GgufFile;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.gguf.GgufValueType;
import org.tokenheatmap.engine.gguf.GgufWriter;
import org.tokenheatmap.engine.quant.GgufQuantizer;
import org.tokenheatmap.engine.quant.RandomLlama;
import org.tokenheatmap.engine.quant.TokenizerMetadata;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.testkit.TestFiles;

/**
 * Special-token ids in GGUF files we write: llama.cpp's converter stores "no token" as UINT32 0xFFFFFFFF (stories260K's
 * padding and separator ids), our quantiser and RandomLlama copy it unchanged, and the tokenizer loader must read it as
 * absent. Encodings are compared with the llama2.c tokenizer file of the same model (an independent parser and file).
 */
class GgufSpecialTokenIdsTest {
    private static final String PAD = "tokenizer.ggml.padding_token_id";
    private static final String BOS = "tokenizer.ggml.bos_token_id";

    @TempDir
    Path dir;

    @Test
    void quantisedCopyKeepsTheNoTokenValueAndLoads() throws IOException {
        Path q8 = dir.resolve("q8.gguf");
        GgufQuantizer.quantize(TestFiles.stories260kGguf(), q8, GgmlType.Q8_0, t -> {});
        try (GgufFile f = GgufFile.open(q8)) {
            GgufValue pad = f.metadata().get(PAD);
            assertEquals(GgufValueType.UINT32, pad.type(), "copied in the original's type");
            assertEquals(-1, (int) (Integer) pad.value(), "0xFFFFFFFF as in stories260K.gguf");
            assertLoadsLikeTok512(f);
        }
    }

    @Test
    void randomLlamaWithCopiedTokenizerLoads() throws IOException {
        Path model = dir.resolve("random.gguf");
        new RandomLlama(64, 128, 1, 4, 2, 64, 7, 0.02f, GgmlType.Q8_0).write(model, TokenizerMetadata.fromGguf(TestFiles.stories260kGguf()));
        try (GgufFile f = GgufFile.open(model)) {
            assertLoadsLikeTok512(f);
        }
    }

    @Test
    void signedMinusOneIsAbsent() throws IOException {
        Vocabulary v = loadWith(PAD, GgufValue.ofInt32(-1));
        assertEquals(SpecialTokens.NONE, v.special().pad());
    }

    @Test
    void idsOutsideTheVocabularyNameTheKey() {
        for (GgufValue bad : new GgufValue[] {GgufValue.ofUint32(512), GgufValue.ofUint32(0x8000_0000),
                GgufValue.ofInt32(-2), GgufValue.ofFloat32(1f)}) {
            var e = assertThrows(BadInputException.class, () -> loadWith(BOS, bad), bad.toString());
            assertEquals("metadata key " + BOS, e.place(), bad.toString());
        }
        var e = assertThrows(BadInputException.class, () -> loadWith(PAD, GgufValue.ofUint32(0xFFFF_FFFE)));
        assertTrue(e.getMessage().contains("4294967294"), e.getMessage());
    }

    private static void assertLoadsLikeTok512(GgufFile f) {
        Vocabulary gguf = GgufTokenizerLoader.load(f);
        Vocabulary tok512 = Llama2cTokenizerLoader.load(TestFiles.tok512());
        assertEquals(new SpecialTokens(1, 2, 0, SpecialTokens.NONE), gguf.special());
        String text = "Once upon a time, Lily and Tom saw a big cat.";
        assertArrayEquals(Tokenizer.of(tok512).encode(text), Tokenizer.of(gguf).encode(text));
    }

    /** stories260K's tokenizer metadata with one key replaced, written to a tensor-less GGUF and loaded. */
    private Vocabulary loadWith(String key, GgufValue value) throws IOException {
        Map<String, GgufValue> md = TokenizerMetadata.fromGguf(TestFiles.stories260kGguf());
        md.put(key, value);
        GgufWriter w = new GgufWriter();
        md.forEach(w::put);
        Path file = dir.resolve("tokenizer-only.gguf");
        w.write(file);
        try (GgufFile f = GgufFile.open(file)) {
            return GgufTokenizerLoader.load(f);
        }
    }
}

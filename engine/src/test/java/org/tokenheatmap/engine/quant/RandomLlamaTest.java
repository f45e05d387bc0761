package org.tokenheatmap.engine.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.engine.gguf.GgufFile;
import org.tokenheatmap.engine.gguf.GgufValue;
import org.tokenheatmap.engine.tensor.FloatTensor;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.testkit.TestFiles;

class RandomLlamaTest {
    @TempDir Path dir;

    @Test
    void layoutMetadataAndScale() throws Exception {
        var config = new RandomLlama(128, 352, 2, 4, 2, 256, 5, 0.02f, GgmlType.Q8_0);
        Path out = dir.resolve("r.gguf");
        config.write(out, TokenizerMetadata.fromGguf(TestFiles.stories260kGguf()));
        try (GgufFile f = GgufFile.open(out)) {
            var m = f.metadata();
            assertEquals("llama", m.getString("general.architecture"));
            assertEquals(128, m.getInt("llama.embedding_length"));
            assertEquals(2, m.getInt("llama.attention.head_count_kv"));
            assertEquals(32, m.getInt("llama.rope.dimension_count"));
            assertEquals(512, m.getStringArray("tokenizer.ggml.tokens").length);
            assertEquals(3 + 2 * 9, f.tensors().size());
            assertArrayEquals(new long[] {128, 512}, f.tensorInfo("token_embd.weight").dims());
            assertArrayEquals(new long[] {128, 64}, f.tensorInfo("blk.1.attn_k.weight").dims());
            assertArrayEquals(new long[] {352, 128}, f.tensorInfo("blk.1.ffn_down.weight").dims());
            assertEquals(GgmlType.F32, f.tensorInfo("blk.0.attn_norm.weight").type());
            assertEquals(GgmlType.Q8_0, f.tensorInfo("blk.0.ffn_up.weight").type());
            FloatTensor w = f.tensor("blk.0.attn_q.weight");
            double sum2 = 0;
            for (int i = 0; i < w.size(); i++) sum2 += w.getFloat(i) * w.getFloat(i);
            double std = Math.sqrt(sum2 / w.size());
            assertEquals(0.02, std, 0.002);
        }
        Path again = dir.resolve("again.gguf");
        config.write(again, TokenizerMetadata.fromGguf(TestFiles.stories260kGguf()));
        assertEquals(-1, Files.mismatch(out, again), "same seed, same bytes");
    }

    /** The 32k Llama 2 vocabulary from llama2.c's tokenizer.bin, pieces restored to SentencePiece form. */
    @Test
    void llama2TokenizerFromLlama2cBin() throws Exception {
        Map<String, GgufValue> tok = TokenizerMetadata.fromLlama2cTokenizer(TestFiles.llama2Tokenizer());
        Path out = dir.resolve("r32k.gguf");
        new RandomLlama(64, 128, 1, 2, 2, 128, 1, 0.02f, GgmlType.Q4_0).write(out, tok);
        try (GgufFile f = GgufFile.open(out)) {
            String[] tokens = f.metadata().getStringArray("tokenizer.ggml.tokens");
            int[] types = f.metadata().getIntArray("tokenizer.ggml.token_type");
            assertEquals(32000, tokens.length);
            assertEquals("<unk>", tokens[0]);
            assertEquals("<s>", tokens[1]);
            assertEquals("</s>", tokens[2]);
            assertEquals("<0x0A>", tokens[3 + 10]);
            assertEquals(6, types[13]);
            assertEquals(1, types[1000]);
            assertTrue(java.util.Arrays.asList(tokens).contains("\u2581the"));
            assertTrue(java.util.Arrays.stream(tokens).noneMatch(t -> t.contains(" ")));
            assertArrayEquals(new long[] {64, 32000}, f.tensorInfo("output.weight").dims());
            assertEquals(GgmlType.Q8_0, f.tensorInfo("output.weight").type());
            assertEquals(GgmlType.Q4_0, f.tensorInfo("token_embd.weight").type());
        }
    }
}

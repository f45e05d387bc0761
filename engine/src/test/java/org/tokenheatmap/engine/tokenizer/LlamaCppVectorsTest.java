package org.tokenheatmap.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tokenheatmap.testkit.TestFiles;

/**
 * llama.cpp's own tokenizer test vectors (tests/test-tokenizer-0): inputs separated by
 * {@code \n__ggml_vocab_test__\n}, expected ids one line each, produced by the original tokenizers with
 * add_special_tokens=False. llama.cpp's test tokenizes with add_special=false, parse_special=false; the
 * SentencePiece dummy prefix still applies because the first fragment counts as following a special token.
 */
class LlamaCppVectorsTest {

    record Vector(String input, int[] expected) {}

    static List<Vector> read(String name) throws IOException {
        Path dir = TestFiles.tokenizerVectors();
        String inputs = Files.readString(dir.resolve(name + ".inp"), StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>(Arrays.asList(inputs.split("\n__ggml_vocab_test__\n", -1)));
        assertEquals("", texts.removeLast(), "the .inp file ends with a separator");
        List<String> lines = Files.readAllLines(dir.resolve(name + ".out"), StandardCharsets.UTF_8);
        assertEquals(texts.size(), lines.size(), "one output line per input");
        List<Vector> vectors = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String line = lines.get(i).strip();
            int[] ids = line.isEmpty() ? new int[0] : Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
            vectors.add(new Vector(texts.get(i), ids));
        }
        return vectors;
    }

    @TestFactory
    Stream<DynamicTest> llamaSpm() throws IOException {
        return vectors("ggml-vocab-llama-spm.gguf", TestTokenizers::llama2);
    }

    @TestFactory
    Stream<DynamicTest> gpt2() throws IOException {
        return vectors("ggml-vocab-gpt-2.gguf", TestTokenizers::gpt2);
    }

    private static Stream<DynamicTest> vectors(String name, Supplier<Tokenizer> tokenizer) throws IOException {
        List<Vector> vectors = read(name);
        assertEquals(46, vectors.size());
        return vectors.stream().map(v -> DynamicTest.dynamicTest("'" + escape(v.input()) + "'", () -> {
            int[] ids = tokenizer.get().encode(v.input(), false, false);
            assertArrayEquals(v.expected(), ids, () -> "input '" + escape(v.input()) + "' gave " + Arrays.toString(ids));
        }));
    }

    static String escape(String s) {
        return s.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
    }
}

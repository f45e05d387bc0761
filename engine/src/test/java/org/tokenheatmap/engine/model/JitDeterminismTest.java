package org.tokenheatmap.engine.model;

import org.tokenheatmap.engine.load.LoadedModel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.engine.generate.Sampler;
import org.tokenheatmap.engine.quant.GgufQuantizer;
import org.tokenheatmap.engine.tensor.GgmlType;
import org.tokenheatmap.testkit.ChildJvm;
import org.tokenheatmap.testkit.TestFiles;

/**
 * The same tokens give the same logits, bit for bit, whether the kernels run interpreted or JIT-compiled: a child JVM
 * limited to C1 (which, like the interpreter, runs the Vector API's Java fallback) must print the same logits hash as
 * a child that runs the same generation many times (its later rounds C2-compiled, with the Vector API intrinsics). Before the lane sums had a fixed order, two captures
 * of one prompt differed in the last digits from the step at which C2 compiled a dot product.
 */
class JitDeterminismTest {
    private static final int[] PROMPT = {1, 403, 407, 261, 378, 300, 29, 13};
    private static final int DECODE = 16;
    private static final int COMPILED_ROUNDS = 40;

    @TempDir
    Path dir;

    @Test
    void logitsAreTheSameInterpretedAndCompiled() throws Exception {
        Path f32 = TestFiles.stories260kGguf();
        List<String> models = new ArrayList<>(List.of(f32.toString()));
        for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0}) {
            Path out = dir.resolve("stories260K-" + type + ".gguf");
            GgufQuantizer.quantize(f32, out, type, t -> {});
            models.add(out.toString());
        }
        List<String> interpreted = child(List.of("-XX:TieredStopAtLevel=1"), 1, models);
        List<String> compiled = child(List.of(), COMPILED_ROUNDS, models);
        assertEquals(models.size(), interpreted.size(), "one hash per model: " + interpreted);
        assertEquals(models.size() * COMPILED_ROUNDS, compiled.size(), "one hash per model and round");
        for (int m = 0; m < models.size(); m++) {
            for (int round = 0; round < COMPILED_ROUNDS; round++) {
                assertEquals(interpreted.get(m), compiled.get(round * models.size() + m),
                        models.get(m) + ": round " + round + " of the compiled child differs from the interpreted run");
            }
        }
    }

    /** Runs {@link #main} in a fresh JVM and returns the hashes it printed, in order. */
    private static List<String> child(List<String> flags, int rounds, List<String> models) {
        List<String> options = new ArrayList<>(List.of("-Xmx512m"));
        options.addAll(flags);
        List<Object> args = new ArrayList<>(List.of(rounds));
        args.addAll(models);
        String out = ChildJvm.main(JitDeterminismTest.class, options, args.toArray())
                .withTimeout(Duration.ofSeconds(300)).run();
        return out.lines().filter(l -> l.startsWith("logits ")).map(l -> l.substring("logits ".length())).toList();
    }

    /** Child: {@code ROUNDS MODEL...}; per round and model, prints the SHA-256 of every logit's bits, prefill and greedy decode. */
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        List<LoadedModel> models = new ArrayList<>();
        for (int i = 1; i < args.length; i++) models.add(LoadedModel.open(Path.of(args[i])));
        for (int round = 0; round < rounds; round++) {
            for (LoadedModel loaded : models) {
                LanguageModel model = loaded.model();
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                InferenceSession session = model.newSession(PROMPT.length + DECODE);
                float[][] last = new float[1][];
                session.prefill(PROMPT, (pos, l, off) -> {
                    hash(digest, l, off, model.vocabSize());
                    last[0] = java.util.Arrays.copyOfRange(l, off, off + model.vocabSize());
                });
                float[] logits = last[0];
                for (int t = 0; t < DECODE; t++) {
                    logits = session.decode(Sampler.argmax(logits, model.vocabSize()));
                    hash(digest, logits, 0, model.vocabSize());
                }
                System.out.println("logits " + HexFormat.of().formatHex(digest.digest()));
            }
        }
        for (LoadedModel loaded : models) loaded.close();
    }

    private static void hash(MessageDigest digest, float[] values, int offset, int n) {
        for (int i = offset; i < offset + n; i++) {
            int bits = Float.floatToRawIntBits(values[i]);
            digest.update(new byte[] {(byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)});
        }
    }
}

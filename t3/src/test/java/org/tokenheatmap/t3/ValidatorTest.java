package org.tokenheatmap.t3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tokenheatmap.formats.validate.FileKindValidator;
import org.tokenheatmap.formats.validate.Problem;
import org.tokenheatmap.t3.synth.SyntheticTrace;
import org.tokenheatmap.t3.validate.T3TraceValidator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The validator accepts every valid variant and rejects one broken rule at a time, at the right line. */
class ValidatorTest {

    @TempDir
    Path dir;

    private final T3TraceValidator validator = new T3TraceValidator();

    static List<Variants.Variant> variants() { return Variants.all(); }

    @ParameterizedTest
    @MethodSource("variants")
    void acceptsEveryValidVariant(Variants.Variant v) throws IOException {
        Path file = v.write(dir);
        assertTrue(validator.recognises(file, head(file)));
        assertEquals(List.of(), validator.validate(file));
    }

    @Test
    void isFoundThroughServiceLoaderAndRecognisesByContent() throws IOException {
        assertTrue(ServiceLoader.load(FileKindValidator.class).stream()
                .anyMatch(p -> p.type() == T3TraceValidator.class));
        Path other = dir.resolve("trace.json");
        Files.writeString(other, "{\"schema_version\":\"2.0.0\",\"model\":{\"type\":\"meta\"}}");
        assertFalse(validator.recognises(other, head(other)));
        Path file = Variants.all().getFirst().write(dir);
        byte[] cut = Arrays.copyOf(head(file), 60);   // a head that ends inside the meta record
        assertTrue(validator.recognises(file, cut));
    }

    /** A trace of variant {@code base} with one rule broken, and where the validator must say so. */
    record Case(String name, int base, UnaryOperator<Map<String, Object>> edit, Consumer<List<String>> lines,
                int line, String reason, Set<Integer> alsoAllowed) {
        @Override
        public String toString() { return name; }
    }

    // Variant 0: 3 stages, 4 heads, Cl(3,3), coupling and trivectors, 5 tokens. Lines: meta 1, stage_geom 2-4,
    // chain_state 5-9, frame i at 10 + i.
    private static final int FRAME0 = 10, STATE0 = 5;

    static Stream<Case> invalid() {
        return Stream.of(
                lines("broken JSON line", l -> l.set(FRAME0 + 2, l.get(FRAME0 + 2).substring(0, 30)), FRAME0 + 3, "not valid JSON"),
                lines("no meta first", l -> l.removeFirst(), 1, "the first record must be meta"),
                lines("chain_state after the frames", l -> l.add(l.remove(STATE0 - 1)), 0, "out of order", STATE0),
                lines("second meta", l -> l.add(l.getFirst()), 0, "a second meta record"),
                lines("stage_geom missing", l -> l.remove(3), STATE0 - 1, "expected 3 stage_geom records", 1),
                lines("stage_geom out of stage order", l -> l.add(1, l.remove(2)), 2, "stage_idx is 1, expected 0", 3),
                meta("n_frames differs from the frame records", m -> m.put("n_frames", (Integer) m.get("n_frames") + 1), "n_frames is"),
                meta("n_layers_per_stage length", m -> m.put("n_layers_per_stage", new int[]{2, 3, 4, 2}), "n_layers_per_stage has 4 entries"),
                meta("signature entry not ±1", m -> m.put("primitive_signature", new int[]{1, 1, 0, -1, -1, -1}), "primitive_signature"),
                meta("n_chain_states is not max(n_tokens, 1)", m -> m.put("n_tokens", 7), "n_chain_states is 5, expected max(n_tokens, 1) = 7"),
                meta("primitive_names length", m -> m.put("primitive_names", List.of("E", "I")), "primitive_names has 2 entries"),
                geom("head position outside [0,1]", g -> ((double[][]) g.get("head_positions"))[0][0] = 1.5, "/head_positions/0/0"),
                geom("head position with 2 coordinates", g -> ((double[][]) g.get("head_positions"))[1] = new double[]{0.1, 0.2}, "/head_positions/1"),
                geom("distances not symmetric", g -> ((double[][]) g.get("distances"))[0][1] += 0.01, "not symmetric"),
                geom("Euclidean distances", ValidatorTest::euclidean, "wraparound geodesic"),
                geom("distances rows", g -> g.put("distances", Arrays.copyOf((double[][]) g.get("distances"), 3)), "distances has 3 rows, expected 4"),
                geom("cosurvival_head_loss_ema length", g -> g.put("cosurvival_head_loss_ema", new double[3]), "cosurvival_head_loss_ema has 3 entries"),
                state("token_idx out of sequence", c -> c.put("token_idx", 9), "token_idx is 9, expected 1"),
                state("act_per_stage_steps length", c -> c.put("act_per_stage_steps", new int[]{1, 2}), "act_per_stage_steps has 2 entries, expected 3"),
                state("halt probability above 1", c -> ((double[]) c.get("act_halt_probs"))[0] = 1.2, "/act_halt_probs/0"),
                frame("frame_idx out of sequence", f -> f.put("frame_idx", 40), "frame_idx is 40, expected 1"),
                frame("stage_idx beyond n_stages", f -> f.put("stage_idx", 3), "stage_idx 3 is not below n_stages 3"),
                frame("primitives row length", f -> ((double[][]) f.get("primitives"))[0] = new double[5], "primitives[0] has 5 entries, expected 6"),
                frame("primitive above 1", f -> ((double[][]) f.get("primitives"))[2][1] = 1.5, "/primitives/2/1"),
                frame("sigma length", f -> f.put("sigma", new double[3]), "sigma has 3 entries, expected 4"),
                frame("per_layer_suppression rows", f -> f.put("per_layer_suppression", new double[1][4]), "per_layer_suppression has 1 rows, expected 3"),
                frame("per_layer_attn_entropy columns", f -> f.put("per_layer_attn_entropy", new double[3][2]), "per_layer_attn_entropy[0] has 2 entries, expected 4"),
                frame("omega_flat length", f -> f.put("omega_flat", new double[14]), "omega_flat has 14 entries, expected C(6,2) = 15"),
                frame("trivectors length", f -> f.put("trivectors", new double[19]), "trivectors has 19 entries, expected C(6,3) = 20"),
                frame("Q differs from Σ signature·primitive²", f -> ((double[]) f.get("Q"))[1] += 1e-3, "Q[1] is"),
                frame("required field missing", f -> f.remove("sigma"), "sigma"),
                frame("unknown record type", f -> f.put("type", "framez"), "/type"),
                new Case("omega_flat without coupling", 2, r -> {
                    if (r.get("type").equals("frame") && r.get("frame_idx").equals(0)) r.put("omega_flat", new double[15]);
                    return r;
                }, l -> { }, 1 + 3 + 1 + 1, "omega_flat has 15 entries but the capability is false", Set.of()));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsEachBrokenRuleAtItsLine(Case c) throws IOException {
        Path file = dir.resolve("bad.jsonl");
        new SyntheticTrace(Variants.all().get(c.base()).config()).write(file, c.edit());
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        c.lines().accept(lines);
        Files.write(file, lines);
        int line = c.line() == 0 ? lines.size() : c.line();
        List<Problem> problems = validator.validate(file);
        assertTrue(problems.stream().anyMatch(p -> p.place().equals("line " + line) && p.reason().contains(c.reason())),
                () -> "expected line " + line + ": " + c.reason() + ", got " + problems);
        for (Problem p : problems)
            assertTrue(p.place().equals("line " + line) || c.alsoAllowed().stream().anyMatch(l -> p.place().equals("line " + l)),
                    () -> "unexpected " + p);
    }

    @Test
    void problemsStayBoundedOnAHugeBrokenFile() throws IOException {
        Path file = dir.resolve("noise.jsonl");
        Path good = Variants.all().getFirst().write(dir);
        List<String> lines = new ArrayList<>(Files.readAllLines(good).subList(0, 9));
        for (int i = 0; i < 3000; i++) lines.add("{oops");
        Files.write(file, lines);
        List<Problem> problems = validator.validate(file);
        assertEquals(T3TraceValidator.MAX_PROBLEMS + 1, problems.size());
        assertTrue(problems.getLast().reason().contains("more problems not listed"));
    }

    private static Case lines(String name, Consumer<List<String>> edit, int line, String reason, Integer... also) {
        return new Case(name, 0, UnaryOperator.identity(), edit, line, reason, Set.of(also));
    }

    private static Case meta(String name, Consumer<Map<String, Object>> edit, String reason) {
        return only(name, "meta", 0, edit, 1, reason);
    }

    private static Case geom(String name, Consumer<Map<String, Object>> edit, String reason) {
        return only(name, "stage_geom", 0, edit, 2, reason);
    }

    private static Case state(String name, Consumer<Map<String, Object>> edit, String reason) {
        return only(name, "chain_state", 1, edit, STATE0 + 1, reason);
    }

    private static Case frame(String name, Consumer<Map<String, Object>> edit, String reason) {
        return only(name, "frame", 1, edit, FRAME0 + 1, reason);
    }

    /** Edits the record of this type whose index field is {@code index}. */
    private static Case only(String name, String type, int index, Consumer<Map<String, Object>> edit, int line, String reason) {
        String key = switch (type) {
            case "stage_geom" -> "stage_idx";
            case "chain_state" -> "token_idx";
            case "frame" -> "frame_idx";
            default -> null;
        };
        return new Case(name, 0, r -> {
            if (r.get("type").equals(type) && (key == null || r.get(key).equals(index))) edit.accept(r);
            return r;
        }, l -> { }, line, reason, Set.of());
    }

    private static void euclidean(Map<String, Object> g) {
        double[][] p = (double[][]) g.get("head_positions");
        double[][] d = new double[p.length][p.length];
        for (int i = 0; i < p.length; i++)
            for (int j = 0; j < p.length; j++)
                d[i][j] = Math.sqrt(Math.pow(p[i][0] - p[j][0], 2) + Math.pow(p[i][1] - p[j][1], 2) + Math.pow(p[i][2] - p[j][2], 2));
        g.put("distances", d);
    }

    private static byte[] head(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return Arrays.copyOf(all, Math.min(all.length, 65536));
    }
}

package org.tokenheatmap.t3.synth;

import org.tokenheatmap.t3.T3Records;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Writes valid T³ traces of any size from a seed, for tests, benchmarks and demos. Every record is a pure
 * function of (config, index), so a 1 GB trace streams out in constant memory and a test can regenerate any
 * record to compute expected values. Chain forward t runs {@link #ponderSteps(int)} ponder steps; each step calls
 * every stage once, so its frames are (act_call 0: stages 0..S-1), (act_call 1: ...), ...
 */
public final class SyntheticTrace {

    /**
     * @param nTokens       0 = single forward (one chain_state), else one chain_state per generated token
     * @param schemaVersion null = leave the key out (a v1 trace)
     */
    public record Config(int nStages, int nHeads, int nPrimitives, boolean coupling, boolean trivectors,
                         int nTokens, Integer schemaVersion, int maxPonder, int kbFeatures, long seed) {
        public static Config small(int nStages, int nPrimitives, boolean coupling, boolean trivectors, int nTokens) {
            return new Config(nStages, 4, nPrimitives, coupling, trivectors, nTokens, 1, 3, 5, 42);
        }
    }

    private final Config c;
    private final int[] ponder;
    private final long[] firstFrame;   // frame ordinal of each forward's first frame, plus the total at the end

    public SyntheticTrace(Config config) {
        this.c = config;
        int k = Math.max(config.nTokens(), 1);
        ponder = new int[k];
        firstFrame = new long[k + 1];
        for (int t = 0; t < k; t++) {
            ponder[t] = 2 + random(3, t).nextInt(Math.max(1, config.maxPonder() - 1));
            firstFrame[t + 1] = firstFrame[t] + (long) ponder[t] * config.nStages();
        }
        if (firstFrame[k] > Integer.MAX_VALUE) throw new IllegalArgumentException("too many frames");
    }

    public Config config() { return c; }
    public int chainStates() { return ponder.length; }
    public int frames() { return (int) firstFrame[ponder.length]; }
    public int ponderSteps(int t) { return ponder[t]; }

    /** Signature of Cl(p,p): the first half +1 (spacelike), the second −1 (timelike). */
    public int[] signature() {
        int[] sig = new int[c.nPrimitives()];
        for (int k = 0; k < sig.length; k++) sig[k] = k < sig.length / 2 ? 1 : -1;
        return sig;
    }

    public int layers(int stage) { return 2 + stage % 3; }

    public Map<String, Object> meta() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "meta");
        if (c.schemaVersion() != null) m.put("schema_version", c.schemaVersion());
        m.put("n_stages", c.nStages());
        m.put("n_heads", c.nHeads());
        m.put("d_head", 64);
        int[] layers = new int[c.nStages()];
        for (int s = 0; s < layers.length; s++) layers[s] = layers(s);
        m.put("n_layers_per_stage", layers);
        List<String> names = new ArrayList<>(List.of("E", "I", "F", "V", "C", "K", "P", "R").subList(0, Math.min(8, c.nPrimitives())));
        for (int k = names.size(); k < c.nPrimitives(); k++) names.add("X" + k);
        m.put("primitive_names", names);
        m.put("primitive_signature", signature());
        m.put("prompt", "The capital of France is");
        m.put("prompt_id", "factual");
        m.put("lineage", c.nPrimitives() == 8 ? "v3.7-clifford44" : "v3.7-run2");
        m.put("ckpt", "best.pt");
        m.put("n_tokens", c.nTokens());
        m.put("n_frames", frames());
        m.put("n_chain_states", chainStates());
        m.put("created", "2026-04-30T22-44-11");
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("has_coupling", c.coupling());
        caps.put("has_trivectors", c.trivectors());
        caps.put("has_dyn_omega", true);
        caps.put("has_inter_stage_pc", true);
        caps.put("has_scratchpad", true);
        caps.put("n_primitives", c.nPrimitives());
        caps.put("null_cone_strength", 0.02);
        caps.put("hamiltonian_coupling", 0.02);
        caps.put("sigma_hidden", 16);
        caps.put("scratchpad_inject_entropy", new double[c.nStages()]);
        m.put("capabilities", caps);
        return m;
    }

    public Map<String, Object> stageGeom(int stage) {
        SplittableRandom r = random(1, stage);
        int h = c.nHeads();
        double[][] pos = new double[h][3];
        for (double[] p : pos) for (int k = 0; k < 3; k++) p[k] = r.nextDouble();
        double[][] dist = new double[h][h];
        double nearestSum = 0;
        for (int i = 0; i < h; i++) {
            double nearest = Double.MAX_VALUE;
            for (int j = 0; j < h; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    double d = Math.abs(pos[i][k] - pos[j][k]);
                    d = Math.min(d, 1 - d);
                    s += d * d;
                }
                dist[i][j] = Math.sqrt(s);
                if (i != j) nearest = Math.min(nearest, dist[i][j]);
            }
            nearestSum += nearest;
        }
        double radius = nearestSum / h, exponent = 6.0;
        double[][] kernel = new double[h][h];
        double[][] cos = new double[h][h], mod = new double[h][h];
        for (int i = 0; i < h; i++)
            for (int j = 0; j < h; j++) {
                kernel[i][j] = i == j ? 0 : 1 / (1 + Math.pow(dist[i][j] / radius, exponent));
                if (j >= i) {
                    cos[i][j] = cos[j][i] = (r.nextDouble() * 2 - 1) * 150;
                    mod[i][j] = mod[j][i] = 0.3 + 1.4 * r.nextDouble();
                }
            }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "stage_geom");
        m.put("stage_idx", stage);
        m.put("head_positions", pos);
        m.put("distances", dist);
        m.put("blockade_kernel", kernel);
        m.put("blockade_radius", radius);
        m.put("blockade_exponent", exponent);
        m.put("coupling_max", 0.2);
        m.put("has_trivectors", c.trivectors());
        m.put("cosurvival_matrix", cos);
        m.put("cosurvival_modulation", mod);
        m.put("cosurvival_head_loss_ema", uniform(r, h, 0, 5));
        m.put("cosurvival_protection_scores", uniform(r, h, 0, 3));
        return m;
    }

    public Map<String, Object> chainState(int t) {
        SplittableRandom r = random(2, t);
        int p = ponder[t];
        double[] halt = new double[p];
        for (int i = 1; i < p - 1; i++) halt[i] = 0.1 + 0.8 * r.nextDouble();
        double[] lastChoices = {1.0, 0.99, 0.985};   // 0.985 never reaches the 0.99 halt threshold
        halt[p - 1] = lastChoices[r.nextInt(3)];
        double[] strain = new double[p];
        double s = 0.1 + r.nextDouble();
        for (int i = 0; i < p; i++, s *= 0.3 + 0.9 * r.nextDouble()) strain[i] = s;
        int[] perStage = new int[c.nStages()];
        java.util.Arrays.fill(perStage, p);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "chain_state");
        m.put("token_idx", t);
        m.put("act_halt_probs", halt);
        m.put("act_strain_values", strain);
        m.put("act_ponder_steps", p);
        m.put("act_per_stage_steps", perStage);
        m.put("act_per_stage_strains", new double[][]{strain});
        m.put("act_ponder_cost", r.nextDouble());
        m.put("difficulty_pred", new double[]{r.nextDouble()});
        m.put("scratchpad_pred", uniform(r, 5, 0, 1));
        m.put("omega_displacement_ema", 0.01 * r.nextDouble());
        m.put("omega_variance_ema", 1e-9 * r.nextDouble());
        return m;
    }

    /** Frame with ordinal i: forward t, ponder step (act_call) and stage follow from the layout above. */
    public Map<String, Object> frame(int i) {
        int t = forwardOf(i);
        int within = (int) (i - firstFrame[t]);
        int stage = within % c.nStages(), call = within / c.nStages();
        SplittableRandom r = random(4, i);
        int h = c.nHeads(), n = c.nPrimitives(), layers = layers(stage);
        int[] sig = signature();
        double[][] prims = new double[h][n];
        double[] q = new double[h];
        for (int j = 0; j < h; j++) {
            for (int k = 0; k < n; k++) {
                prims[j][k] = r.nextDouble();
                q[j] += sig[k] * prims[j][k] * prims[j][k];
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "frame");
        m.put("frame_idx", i);
        m.put("stage_idx", stage);
        m.put("act_call", call);
        m.put("primitives", prims);
        m.put("sigma", uniform(r, h, 0, 1));
        m.put("omega_flat", c.coupling() ? uniform(r, n * (n - 1) / 2, -2, 2) : new double[0]);
        m.put("trivectors", c.trivectors() ? uniform(r, n * (n - 1) * (n - 2) / 6, -1, 1) : null);
        m.put("Q", q);
        m.put("kb_input_norms", uniform(r, c.kbFeatures(), 0, 2));
        m.put("suppression", uniform(r, h, 0, 1));
        m.put("per_layer_suppression", matrix(r, layers, h));
        m.put("self_surprise", uniform(r, h, 0, 0.5));
        m.put("output_entropy_ema", r.nextDouble());
        m.put("per_layer_attn_entropy", matrix(r, layers, h));
        m.put("stage_top_tokens", stage == c.nStages() - 1 ? List.of(List.of("the", 0.166), List.of("a", 0.05)) : null);
        return m;
    }

    /** Chain forward that frame ordinal i belongs to. */
    public int forwardOf(int i) {
        int lo = 0, hi = ponder.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (firstFrame[mid] <= i) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /** All records in file order, each passed through {@code edit} (identity for a valid trace) before writing. */
    public void write(Path file, UnaryOperator<Map<String, Object>> edit) {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, edit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All records in file order, each passed through {@code edit}, to {@code sink} (buffered here, flushed, not closed). */
    public void write(OutputStream sink, UnaryOperator<Map<String, Object>> edit) throws IOException {
        OutputStream out = new BufferedOutputStream(sink, 1 << 20);
        line(out, edit.apply(meta()));
        for (int s = 0; s < c.nStages(); s++) line(out, edit.apply(stageGeom(s)));
        for (int t = 0; t < chainStates(); t++) line(out, edit.apply(chainState(t)));
        for (int i = 0; i < frames(); i++) line(out, edit.apply(frame(i)));
        out.flush();
    }

    public void write(Path file) { write(file, UnaryOperator.identity()); }

    private static void line(OutputStream out, Map<String, Object> record) throws IOException {
        if (record == null) return;   // an edit may drop a record
        out.write(T3Records.MAPPER.writeValueAsBytes(record));
        out.write('\n');
    }

    private SplittableRandom random(int kind, long index) {
        return new SplittableRandom(c.seed() * 0x9E3779B97F4A7C15L + kind * 0xBF58476D1CE4E5B9L + index);
    }

    private static double[] uniform(SplittableRandom r, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * r.nextDouble();
        return v;
    }

    private static double[][] matrix(SplittableRandom r, int rows, int cols) {
        double[][] m = new double[rows][];
        for (int i = 0; i < rows; i++) m[i] = uniform(r, cols, 0, 1);
        return m;
    }
}

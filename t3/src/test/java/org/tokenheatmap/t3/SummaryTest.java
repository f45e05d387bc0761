package org.tokenheatmap.t3;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tokenheatmap.t3.analysis.Summarizer;
import org.tokenheatmap.t3.synth.SyntheticTrace;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every number of the summary JSON ({@code heatmap t3 summary --json} prints exactly this tree) against values
 * computed here from the generator's own arrays, with code independent of the production analysis.
 */
class SummaryTest {

    @TempDir
    Path dir;

    static List<Variants.Variant> variants() { return Variants.all(); }

    @ParameterizedTest
    @MethodSource("variants")
    void everyNumberMatchesAnIndependentComputation(Variants.Variant v) {
        Path file = v.write(dir);
        JsonNode actual = T3Records.MAPPER.valueToTree(Summarizer.summarize(file, T3Reader.Mode.STRICT));
        JsonAssert.assertClose(expected(v.trace()), actual, 1e-12);
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @SuppressWarnings("unchecked")
    static ObjectNode expected(SyntheticTrace t) {
        Map<String, Object> meta = t.meta();
        ObjectNode o = F.objectNode();
        o.put("schema_version", meta.containsKey("schema_version") ? (Integer) meta.get("schema_version") : 1);
        for (String k : List.of("prompt", "prompt_id", "lineage", "ckpt", "created")) o.put(k, (String) meta.get(k));
        o.set("capabilities", T3Records.MAPPER.valueToTree(meta.get("capabilities")));
        o.set("primitive_names", T3Records.MAPPER.valueToTree(meta.get("primitive_names")));
        o.set("primitive_signature", T3Records.MAPPER.valueToTree(meta.get("primitive_signature")));
        o.put("n_stages", t.config().nStages());
        o.put("n_heads", t.config().nHeads());
        o.put("n_primitives", t.config().nPrimitives());
        o.put("n_tokens", t.config().nTokens());
        o.put("n_chain_states", t.chainStates());
        o.put("n_frames", t.frames());
        chainStates(t, o);
        frames(t, o);
        geometry(t, o);
        o.put("skipped_lines", 0);
        o.set("problems", F.arrayNode());
        return o;
    }

    private static void chainStates(SyntheticTrace t, ObjectNode o) {
        ArrayNode ponder = o.putArray("act_ponder_steps"), halt = o.putArray("halt_steps"), strain = o.putArray("strain");
        double sum = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (int i = 0; i < t.chainStates(); i++) {
            Map<String, Object> c = t.chainState(i);
            int steps = (Integer) c.get("act_ponder_steps");
            ponder.add(steps);
            sum += steps;
            min = Math.min(min, steps);
            max = Math.max(max, steps);
            double[] h = (double[]) c.get("act_halt_probs");
            int first = -1;
            for (int k = h.length - 1; k >= 0; k--) if (h[k] >= 0.99) first = k;
            if (first < 0) halt.addNull(); else halt.add(first);
            double[] s = (double[]) c.get("act_strain_values");
            ObjectNode st = strain.addObject();
            st.put("token_idx", i);
            st.put("steps", s.length);
            st.put("first", s[0]);
            st.put("last", s[s.length - 1]);
            st.put("min", Arrays.stream(s).min().orElseThrow());
            st.put("ratio", s[s.length - 1] / s[0]);
        }
        stats(o.putObject("ponder_depth"), t.chainStates(), sum, min, max);
    }

    private static void frames(SyntheticTrace t, ObjectNode o) {
        int stages = t.config().nStages();
        long[][] q = new long[stages][3];
        double[][] supp = new double[stages][3], surprise = new double[stages][3], entropy = new double[stages][3];
        for (double[][] acc : List.of(supp, surprise, entropy))
            for (double[] a : acc) { a[1] = Double.MAX_VALUE; a[2] = -Double.MAX_VALUE; }
        long[] frames = new long[stages], values = new long[stages];
        int[] calls = new int[stages];
        int[] sig = t.signature();
        double qDev = 0;
        for (int i = 0; i < t.frames(); i++) {
            Map<String, Object> f = t.frame(i);
            int s = (Integer) f.get("stage_idx");
            frames[s]++;
            calls[s] = Math.max(calls[s], (Integer) f.get("act_call") + 1);
            double[] qs = (double[]) f.get("Q");
            double[][] prims = (double[][]) f.get("primitives");
            for (int h = 0; h < qs.length; h++) {
                q[s][qs[h] > 0.05 ? 0 : qs[h] < -0.05 ? 1 : 2]++;
                double want = 0;
                for (int k = 0; k < sig.length; k++) want += sig[k] * prims[h][k] * prims[h][k];
                qDev = Math.max(qDev, Math.abs(want - qs[h]));
            }
            for (double x : (double[]) f.get("suppression")) add(supp[s], x);
            for (double x : (double[]) f.get("self_surprise")) add(surprise[s], x);
            values[s] += qs.length;
            add(entropy[s], (Double) f.get("output_entropy_ema"));
        }
        ObjectNode qd = o.putObject("q_distribution");
        ArrayNode act = o.putArray("stages");
        for (int s = 0; s < stages; s++) {
            long heads = q[s][0] + q[s][1] + q[s][2];
            ObjectNode d = qd.putObject(Integer.toString(s));
            d.put("heads", heads);
            d.put("spacelike", (double) q[s][0] / heads);
            d.put("timelike", (double) q[s][1] / heads);
            d.put("null", (double) q[s][2] / heads);
            ObjectNode a = act.addObject();
            a.put("stage_idx", s);
            a.put("frames", frames[s]);
            a.put("act_calls", calls[s]);
            stats(a.putObject("suppression"), values[s], supp[s][0], supp[s][1], supp[s][2]);
            stats(a.putObject("self_surprise"), values[s], surprise[s][0], surprise[s][1], surprise[s][2]);
            stats(a.putObject("output_entropy_ema"), frames[s], entropy[s][0], entropy[s][1], entropy[s][2]);
        }
        o.put("q_max_deviation", qDev);
    }

    private static void geometry(SyntheticTrace t, ObjectNode o) {
        ArrayNode geo = o.putArray("geometry");
        for (int s = 0; s < t.config().nStages(); s++) {
            Map<String, Object> g = t.stageGeom(s);
            double[][] pos = (double[][]) g.get("head_positions"), dist = (double[][]) g.get("distances"),
                    kernel = (double[][]) g.get("blockade_kernel"), cos = (double[][]) g.get("cosurvival_matrix");
            double r = (Double) g.get("blockade_radius"), e = (Double) g.get("blockade_exponent");
            double dDev = 0, kDev = 0;
            for (int i = 0; i < pos.length; i++)
                for (int j = 0; j < pos.length; j++) {
                    double d = 0;
                    for (int k = 0; k < 3; k++) {
                        double a = Math.abs(pos[i][k] - pos[j][k]), w = a > 0.5 ? 1 - a : a;
                        d += w * w;
                    }
                    d = Math.sqrt(d);
                    dDev = Math.max(dDev, Math.abs(d - dist[i][j]));
                    double k = i == j ? 0 : 1 / (1 + Math.pow(d / r, e));
                    kDev = Math.max(kDev, Math.abs(k - kernel[i][j]));
                }
            double[] abs = Arrays.stream(cos).flatMapToDouble(Arrays::stream).map(Math::abs).sorted().toArray();
            int n = abs.length;
            ObjectNode c = geo.addObject();
            c.put("stage_idx", s);
            c.put("n_heads", pos.length);
            c.put("blockade_radius", r);
            c.put("blockade_exponent", e);
            c.put("max_distance_deviation", dDev);
            c.put("max_kernel_deviation", kDev);
            c.put("cosurvival_scale", n % 2 == 1 ? abs[n / 2] : (abs[n / 2 - 1] + abs[n / 2]) / 2);
        }
    }

    /** acc = {sum, min, max}. */
    private static void add(double[] acc, double x) {
        acc[0] += x;
        acc[1] = Math.min(acc[1], x);
        acc[2] = Math.max(acc[2], x);
    }

    private static void stats(ObjectNode o, long count, double sum, double min, double max) {
        o.put("count", count);
        o.put("mean", sum / count);
        o.put("min", min);
        o.put("max", max);
    }
}

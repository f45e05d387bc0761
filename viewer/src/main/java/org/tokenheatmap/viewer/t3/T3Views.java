package org.tokenheatmap.viewer.t3;

import org.tokenheatmap.t3.FrameKey;
import org.tokenheatmap.t3.T3Record;
import org.tokenheatmap.t3.T3Trace;
import org.tokenheatmap.t3.analysis.Act;
import org.tokenheatmap.t3.analysis.Clifford;
import org.tokenheatmap.t3.analysis.Geometry;
import org.tokenheatmap.t3.analysis.Reports;
import org.tokenheatmap.t3.analysis.Torus;
import org.tokenheatmap.viewer.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.Locale;

/** The JSON the T³ endpoints answer with, built from an open trace (records serialise with the spec's names). */
final class T3Views {
    private T3Views() {
    }

    static ObjectNode meta(String path, T3Trace t) {
        ObjectNode out = Json.MAPPER.createObjectNode().put("path", path);
        out.set("meta", Json.MAPPER.valueToTree(t.meta()));
        out.put("frame_count", t.frameCount()).put("chain_state_count", t.chainStates().size());
        ArrayNode stages = out.putArray("stages");
        t.stageGeoms().forEach(g -> stages.add(g.stageIdx()));
        return out;
    }

    /** The t3 module's one-pass summary (Q distribution, ACT depth, geometry checks); computed once per open trace. */
    static ObjectNode summary(T3Store.Entry entry) {
        return Json.MAPPER.valueToTree(entry.summary());
    }

    /** Stored geometry of one stage, the display-scaled cosurvival and the geometry recomputed from the positions. */
    static ObjectNode geometry(T3Trace t, int stage) {
        T3Record.StageGeom g = t.stageGeoms().stream().filter(s -> s.stageIdx() == stage).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage_geom for stage " + stage));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("geom", Json.MAPPER.valueToTree(g));
        out.set("check", Json.MAPPER.valueToTree(Geometry.check(g)));
        out.set("cosurvival_scaled", Json.MAPPER.valueToTree(Geometry.scaledCosurvival(g.cosurvivalMatrix())));
        if (Arrays.stream(g.headPositions()).allMatch(p -> p.length == 3)) {
            double[][] d = Torus.distances(g.headPositions());
            double[][] k = Torus.blockadeKernel(d, g.blockadeRadius(), g.blockadeExponent());
            out.set("recomputed_distances", Json.MAPPER.valueToTree(d));
            out.set("recomputed_kernel", Json.MAPPER.valueToTree(k));
            out.set("distance_deviation", Json.MAPPER.valueToTree(absDiff(d, g.distances())));
            out.set("kernel_deviation", Json.MAPPER.valueToTree(absDiff(k, g.blockadeKernel())));
        }
        return out;
    }

    static ObjectNode chainStates(T3Trace t, int from, int to) {
        ObjectNode out = Json.MAPPER.createObjectNode().put("from", from).put("to", to).put("total", t.chainStates().size());
        ArrayNode states = out.putArray("chain_states"), halts = out.putArray("halt_steps"), strain = out.putArray("strain");
        for (T3Record.ChainState c : t.chainStates().subList(from, to)) {
            states.add(Json.MAPPER.valueToTree(c));
            Integer halt = Act.haltStep(c.actHaltProbs());
            if (halt == null) halts.addNull(); else halts.add(halt);
            strain.add(Json.MAPPER.valueToTree(Act.strain(c)));
        }
        absent(out.putObject("absent"), t.meta().capabilities().hasDynOmega(), "has_dyn_omega",
                "omega_displacement_ema", "omega_variance_ema");
        return out;
    }

    /** One frame with its key, Q classes, the fields the checkpoint lacks and (with coupling) the rotation R = expm(Ω). */
    static ObjectNode frame(T3Trace t, int ordinal) {
        T3Record.Frame f = t.frame(ordinal);
        T3Record.Capabilities caps = t.meta().capabilities();
        ObjectNode out = Json.MAPPER.createObjectNode().put("ordinal", ordinal).put("frame_count", t.frameCount());
        out.set("key", key(t.key(ordinal)));
        out.set("frame", Json.MAPPER.valueToTree(f));
        ArrayNode kinds = out.putArray("q_kind");
        for (double q : f.q()) kinds.add(Clifford.classify(q).name().toLowerCase(Locale.ROOT));
        ObjectNode absent = out.putObject("absent");
        absent(absent, caps.hasCoupling(), "has_coupling", "omega_flat");
        absent(absent, caps.hasTrivectors(), "has_trivectors", "trivectors");
        if (caps.hasCoupling() && f.omegaFlat().length > 0) out.set("rotation", Json.MAPPER.valueToTree(Reports.rotation(t, ordinal)));
        else out.putNull("rotation");
        return out;
    }

    /** Columns over frames [from, to): key, mean Q and its classes, means of σ / suppression / self-surprise. */
    static ObjectNode timeline(T3Trace t, int from, int to) {
        ObjectNode out = Json.MAPPER.createObjectNode().put("from", from).put("to", to).put("total", t.frameCount());
        ArrayNode forward = out.putArray("chain_forward"), stage = out.putArray("stage_idx"), call = out.putArray("act_call"),
                idx = out.putArray("frame_idx"), meanQ = out.putArray("mean_q"), space = out.putArray("spacelike"),
                time = out.putArray("timelike"), nul = out.putArray("null"), sigma = out.putArray("mean_sigma"),
                supp = out.putArray("mean_suppression"), surprise = out.putArray("mean_self_surprise"),
                entropy = out.putArray("output_entropy_ema");
        for (int i = from; i < to; i++) {
            FrameKey k = t.key(i);
            T3Record.Frame f = t.frame(i);
            forward.add(k.chainForward());
            stage.add(k.stageIdx());
            call.add(k.actCall());
            idx.add(f.frameIdx());
            meanQ.add(mean(f.q()));
            int[] classes = new int[3];
            for (double q : f.q()) classes[Clifford.classify(q).ordinal()]++;
            space.add(classes[Clifford.Kind.SPACELIKE.ordinal()]);
            time.add(classes[Clifford.Kind.TIMELIKE.ordinal()]);
            nul.add(classes[Clifford.Kind.NULL.ordinal()]);
            sigma.add(mean(f.sigma()));
            supp.add(mean(f.suppression()));
            surprise.add(mean(f.selfSurprise()));
            entropy.add(f.outputEntropyEma());
        }
        return out;
    }

    static ObjectNode key(FrameKey k) {
        return Json.MAPPER.createObjectNode().put("chain_forward", k.chainForward()).put("stage_idx", k.stageIdx())
                .put("act_call", k.actCall());
    }

    /** Records, per field, the capability whose absence explains it, so the UI can say "not in this checkpoint". */
    private static void absent(ObjectNode absent, Boolean capability, String flag, String... fields) {
        if (Boolean.TRUE.equals(capability)) return;
        for (String field : fields) absent.put(field, flag);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /** |a − b| entrywise, or null when the stored matrix does not have the recomputed shape. */
    private static double[][] absDiff(double[][] a, double[][] b) {
        if (b == null || a.length != b.length) return null;
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            if (b[i].length != a[i].length) return null;
            out[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) out[i][j] = Math.abs(a[i][j] - b[i][j]);
        }
        return out;
    }
}

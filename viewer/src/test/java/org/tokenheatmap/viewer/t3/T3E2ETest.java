package org.tokenheatmap.viewer.t3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.t3.synth.SyntheticTrace;
import org.tokenheatmap.viewer.BrowserScript;
import org.tokenheatmap.viewer.Json;
import org.tokenheatmap.viewer.ViewerServer;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives the T³ view in headless chromium (viewer/ui/e2e/t3.mjs): renders the torus and heatmaps, scrubs the frame
 * timeline and compares frame keys and Q values with the generator's arrays; screenshots in viewer/target/screenshots.
 */
class T3E2ETest {
    static final double EDGE_THRESHOLD = 0.5;

    @TempDir
    Path tmp;

    @Test
    void browserSession() throws Exception {
        BrowserScript.assumeAvailable();
        SyntheticTrace coupled = new SyntheticTrace(new SyntheticTrace.Config(3, 8, 6, true, true, 5, 1, 4, 5, 3));
        SyntheticTrace plain = new SyntheticTrace(new SyntheticTrace.Config(4, 4, 8, false, false, 0, null, 3, 5, 11));
        Files.createDirectories(tmp.resolve("t3"));
        coupled.write(tmp.resolve("t3/coupled.jsonl"));
        plain.write(tmp.resolve("t3/plain.jsonl"));
        ObjectNode e = Json.MAPPER.createObjectNode().put("listed", 2);
        e.set("coupled", expected("t3/coupled.jsonl", coupled, 2, 1, 1));
        e.set("plain", expected("t3/plain.jsonl", plain, 0, 1, 0));
        Path expected = tmp.resolve("expected.json");
        Files.writeString(expected, Json.MAPPER.writeValueAsString(e));
        try (ViewerServer server = ViewerServer.start(tmp, "127.0.0.1", 0)) {
            String out = BrowserScript.run("t3.mjs", server.port(), expected, 120);
            assertTrue(out.contains("T3 E2E PASSED"), out);
        }
    }

    /** What the page must show, from the generator: frames to scrub to, and the stage-0 blockade graph. */
    private static ObjectNode expected(String path, SyntheticTrace s, int forward, int stage, int call) {
        ObjectNode e = Json.MAPPER.createObjectNode().put("path", path).put("frame_count", s.frames()).put("heads", s.config().nHeads());
        Map<String, Object> g = s.stageGeom(0);
        double[][] pos = (double[][]) g.get("head_positions"), kernel = (double[][]) g.get("blockade_kernel");
        int edges = 0, segments = 0;
        for (int i = 0; i < pos.length; i++)
            for (int j = i + 1; j < pos.length; j++) {
                if (kernel[i][j] < EDGE_THRESHOLD) continue;
                edges++;
                segments += 1 + faceCrossings(pos[i], pos[j]);
            }
        e.put("edges", edges).put("segments", segments);
        ObjectNode geometry = e.putObject("geometry");
        geometry.set("positions", Json.MAPPER.valueToTree(pos));
        geometry.set("distances", Json.MAPPER.valueToTree(g.get("distances")));
        ObjectNode frames = e.putObject("frames");
        frames.set("first", frame(s, 0));
        frames.set("second", frame(s, 1));
        frames.set("next_forward", frame(s, s.ponderSteps(0) * s.config().nStages()));
        frames.set("chosen", frame(s, T3ApiTest.ordinalOf(s, Math.min(forward, s.chainStates() - 1), stage, call)));
        frames.set("last", frame(s, s.frames() - 1));
        return e;
    }

    /** The shortest wraparound path leaves the unit cube once per axis where |Δ| > ½ would be longer the direct way. */
    private static int faceCrossings(double[] a, double[] b) {
        int n = 0;
        for (int k = 0; k < 3; k++) {
            double d = b[k] - a[k];
            if (Math.abs(d) > 0.5) n++;
        }
        return n;
    }

    private static ObjectNode frame(SyntheticTrace s, int ordinal) {
        Map<String, Object> f = s.frame(ordinal);
        ObjectNode out = Json.MAPPER.createObjectNode().put("ordinal", ordinal).put("forward", s.forwardOf(ordinal))
                .put("stage", (int) f.get("stage_idx")).put("act_call", (int) f.get("act_call"));
        var q = out.putArray("q");
        var kind = out.putArray("kind");
        for (double v : (double[]) f.get("Q")) {
            q.add(v);
            kind.add(v > 0.05 ? "spacelike" : v < -0.05 ? "timelike" : "null");
        }
        Object top = f.get("stage_top_tokens");
        out.put("top_tokens", top == null ? 0 : ((List<?>) top).size());
        return out;
    }
}

package org.tokenheatmap.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.t3.T3Records;
import org.tokenheatmap.t3.synth.SyntheticTrace;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.tokenheatmap.cli.CliRun.heatmap;

/** {@code heatmap t3 summary|rotation} end to end, against values computed here from the generator's arrays. */
class T3CommandTest {

    @TempDir
    Path dir;

    private final SyntheticTrace trace = new SyntheticTrace(new SyntheticTrace.Config(3, 4, 6, true, true, 4, 1, 4, 3, 17));

    @Test
    void summaryJsonCarriesTheProductFields() {
        Path file = dir.resolve("t.jsonl");
        trace.write(file);
        CliRun r = heatmap("t3", "summary", file.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode s = T3Records.MAPPER.readTree(r.out());
        assertEquals(4, s.get("n_tokens").intValue());
        List<Integer> ponder = new ArrayList<>();
        s.get("act_ponder_steps").forEach(n -> ponder.add(n.intValue()));
        for (int t = 0; t < trace.chainStates(); t++) assertEquals(trace.ponderSteps(t), ponder.get(t));
        long[][] counts = new long[3][3];
        for (int i = 0; i < trace.frames(); i++) {
            Map<String, Object> f = trace.frame(i);
            for (double q : (double[]) f.get("Q")) counts[(Integer) f.get("stage_idx")][q > 0.05 ? 0 : q < -0.05 ? 1 : 2]++;
        }
        for (int stage = 0; stage < 3; stage++) {
            JsonNode d = s.get("q_distribution").get(Integer.toString(stage));
            double total = counts[stage][0] + counts[stage][1] + counts[stage][2];
            assertEquals(counts[stage][0] / total, d.get("spacelike").doubleValue(), 1e-12);
            assertEquals(counts[stage][1] / total, d.get("timelike").doubleValue(), 1e-12);
            assertEquals(counts[stage][2] / total, d.get("null").doubleValue(), 1e-12);
        }
        CliRun text = heatmap("t3", "summary", file.toString());
        assertTrue(text.out().contains("act_ponder_steps: " + ponder), text.out());
    }

    @Test
    void rotationPrintsOmegaRAndChecks() {
        Path file = dir.resolve("t.jsonl");
        trace.write(file);
        CliRun r = heatmap("t3", "rotation", file.toString(), "--frame", "3", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = T3Records.MAPPER.readTree(r.out());
        assertTrue(j.get("ok").booleanValue());
        double[] flat = (double[]) trace.frame(3).get("omega_flat");
        assertEquals(Math.tanh(flat[0]) * 0.2, j.get("rotation").get("omega").get(0).get(1).doubleValue(), 1e-15);
        JsonNode rm = j.get("rotation").get("r");
        for (int a = 0; a < 6; a++)
            for (int b = 0; b < 6; b++) {
                double dot = 0;
                for (int k = 0; k < 6; k++) dot += rm.get(k).get(a).doubleValue() * rm.get(k).get(b).doubleValue();
                assertEquals(a == b ? 1 : 0, dot, 1e-12);
            }
        CliRun text = heatmap("t3", "rotation", file.toString(), "--frame", "3");
        assertTrue(text.out().contains("ok: R ∈ SO(N)") && text.out().contains("state-dependent"), text.out());
        assertEquals(2, heatmap("t3", "rotation", file.toString(), "--frame", "100000").exit());
    }

    @Test
    void brokenTraceExitsOneUnlessLenient() throws IOException {
        Path file = dir.resolve("t.jsonl");
        trace.write(file);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(10, "{\"type\": \"frame\", ");
        Files.write(file, lines);
        CliRun strict = heatmap("t3", "summary", file.toString());
        assertEquals(1, strict.exit());
        assertTrue(strict.err().startsWith("heatmap: " + file + ": line 11: not valid JSON"), strict.err());
        CliRun lenient = heatmap("t3", "summary", file.toString(), "--lenient", "--json");
        assertEquals(0, lenient.exit());
        assertEquals(1, T3Records.MAPPER.readTree(lenient.out()).get("skipped_lines").intValue());
        assertTrue(lenient.err().contains("line 11"), lenient.err());
    }

    @Test
    void validateFindsTheT3ValidatorByContent() throws IOException {
        Path file = dir.resolve("t.jsonl");
        trace.write(file);
        CliRun ok = heatmap("validate", file.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(12, lines.get(12).replace("\"frame_idx\":4", "\"frame_idx\":7"));
        Files.write(file, lines);
        CliRun bad = heatmap("validate", file.toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.out().contains(file + ": line 13: frame_idx is 7, expected 4"), bad.out());
    }

    @Test
    void synthWritesATraceThatValidatesAndSummarises() throws IOException {
        Path file = dir.resolve("synthetic.jsonl");
        CliRun r = heatmap("t3", "synth", file.toString(), "--stages", "4", "--clifford", "4", "--tokens", "5", "--seed", "9");
        assertEquals(0, r.exit(), r.err());
        SyntheticTrace expected = new SyntheticTrace(new SyntheticTrace.Config(4, 8, 8, true, true, 5, 1, 3, 5, 9));
        Path reference = dir.resolve("reference.jsonl");
        expected.write(reference);
        assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(file), "the generator's records, unchanged");
        assertTrue(r.out().contains(expected.frames() + " frames"), r.out());
        assertEquals(0, heatmap("validate", file.toString()).exit());
        JsonNode s = T3Records.MAPPER.readTree(heatmap("t3", "summary", file.toString(), "--json").out());
        assertEquals(5, s.get("n_tokens").intValue());
        CliRun pastTheEnd = heatmap("t3", "rotation", file.toString(), "--frame", Integer.toString(expected.frames()));
        assertEquals(2, pastTheEnd.exit());
        assertTrue(pastTheEnd.err().contains("--frame " + expected.frames() + " is outside 0.." + (expected.frames() - 1)), pastTheEnd.err());

        CliRun bad = heatmap("t3", "synth", dir.resolve("bad.jsonl").toString(), "--clifford", "5");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--clifford 5 is outside 1..4"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad.jsonl")));
    }
}

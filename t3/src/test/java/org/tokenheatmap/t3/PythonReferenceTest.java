package org.tokenheatmap.t3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.t3.analysis.Summarizer;
import org.tokenheatmap.t3.synth.SyntheticTrace;
import org.tokenheatmap.testkit.Python;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The generated traces against the JSON Schemas with Python's jsonschema (Draft202012Validator), and the summary
 * against numpy computing it the way the spec's example loader does.
 */
class PythonReferenceTest {

    @TempDir
    Path dir;

    @Test
    void schemasAcceptEveryVariantAndNumpyAgreesWithTheSummary() throws Exception {
        List<Path> files = new ArrayList<>();
        for (Variants.Variant v : Variants.all()) files.add(v.write(dir));
        JsonNode ref = python(files);
        for (Path file : files) {
            JsonNode r = ref.get(file.toString());
            assertEquals(0, r.get("errors").size(), () -> file + ": " + r.get("errors"));
            ObjectNode mine = T3Records.MAPPER.valueToTree(Summarizer.summarize(file, T3Reader.Mode.STRICT));
            assertEquals(r.get("n_tokens"), mine.get("n_tokens"));
            assertEquals(r.get("act_ponder_steps"), mine.get("act_ponder_steps"));
            assertEquals(r.get("halt_steps"), mine.get("halt_steps"));
            for (String stage : r.get("q_distribution").propertyNames())
                for (String kind : List.of("spacelike", "timelike", "null"))
                    assertEquals(r.get("q_distribution").get(stage).get(kind).doubleValue(),
                            mine.get("q_distribution").get(stage).get(kind).doubleValue(), 1e-12, stage + "/" + kind);
        }
    }

    @Test
    void pythonRejectsWhatTheJavaSchemasReject() throws Exception {
        SyntheticTrace t = Variants.all().getFirst().trace();
        Path file = dir.resolve("bad.jsonl");
        t.write(file, r -> {
            switch ((String) r.get("type")) {
                case "meta" -> r.remove("capabilities");
                case "stage_geom" -> ((double[][]) r.get("head_positions"))[0][2] = -0.1;
                case "chain_state" -> r.put("act_ponder_steps", 1.5);
                default -> ((double[]) r.get("sigma"))[0] = 2;
            }
            return r;
        });
        JsonNode errors = python(List.of(file)).get(file.toString()).get("errors");
        long lines = Files.lines(file).count();
        for (int line = 1; line <= lines; line++) {
            int l = line;
            boolean python = false;
            for (JsonNode e : errors) python |= e.get(0).intValue() == l;
            assertTrue(python, "python accepted line " + line);
        }
        var problems = new org.tokenheatmap.t3.validate.T3TraceValidator().validate(file);
        for (int line = 1; line <= lines; line++) {
            String place = "line " + line;
            assertTrue(problems.stream().anyMatch(p -> p.place().equals(place)), "java accepted " + place);
        }
    }

    private JsonNode python(List<Path> traces) throws IOException {
        Path schemaDir = dir.resolve("schemas");
        Files.createDirectories(schemaDir);
        for (String name : List.of("t3-meta", "t3-stage-geom", "t3-chain-state", "t3-frame"))
            copy("/org/tokenheatmap/formats/schemas/t3/" + name + ".schema.json", schemaDir.resolve(name + ".schema.json"));
        Path script = dir.resolve("t3_reference.py");
        copy("/org/tokenheatmap/t3/t3_reference.py", script);
        List<Path> args = new ArrayList<>(List.of(schemaDir));
        args.addAll(traces);
        return T3Records.MAPPER.readTree(Python.script(script, args.toArray()).run());
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = PythonReferenceTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

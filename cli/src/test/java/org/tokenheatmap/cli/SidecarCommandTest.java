package org.tokenheatmap.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.formats.npz.NdArray;
import org.tokenheatmap.formats.npz.NpzWriter;
import org.tokenheatmap.formats.sidecar.AttentionSidecar;
import org.tokenheatmap.formats.sidecar.FloatMatrix;
import org.tokenheatmap.formats.sidecar.Sidecars;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code heatmap sidecar}: its JSON passes Python jsonschema against the seed schema; bad input exits 1 with the reason. */
class SidecarCommandTest {

    @TempDir Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = HeatmapCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void printsJsonThatTheSeedSchemaAccepts() throws Exception {
        Path npz = dir.resolve("step_000001.npz");
        FloatMatrix weights = new FloatMatrix(2, 3, new float[] {0.25f, 0.25f, 0.5f, 1f, 0f, 0f});
        Sidecars.write(npz, new AttentionSidecar("2.0.0", 1, 2, 1, 2,
                List.of(new AttentionSidecar.Layer(4, weights, null, null, null))));
        Run r = run("sidecar", npz.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("{\"schema_version\":\"2.0.0\",\"step\":1,"), r.out());
        Path json = dir.resolve("out.json");
        Files.writeString(json, r.out());
        Path schema = Path.of(System.getProperty("heatmap.repo"))
                .resolve("formats/src/main/resources/org/tokenheatmap/formats/schemas/attention-sidecar.schema.json");
        String errors = python("""
                import json, sys
                from jsonschema import Draft202012Validator
                v = Draft202012Validator(json.load(open(sys.argv[1])))
                doc = json.load(open(sys.argv[2]))
                assert doc["layers"][0]["q_last"] is None and doc["layers"][0]["layer"] == 4
                print([e.message for e in v.iter_errors(doc)])
                """, schema, json);
        assertEquals("[]", errors.strip());
    }

    @Test
    void unknownMajorVersionExitsOneNamingFileAndKey() throws Exception {
        Path npz = dir.resolve("v9.npz");
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("schema_version", NdArray.scalar("9.1.0"));
        arrays.put("step", NdArray.scalar(0L));
        arrays.put("num_attention_heads", NdArray.scalar(1L));
        NpzWriter.write(npz, NpzWriter.Compression.STORED, arrays);
        Run r = run("sidecar", npz.toString());
        assertEquals(1, r.exit());
        assertEquals("heatmap: " + npz + ": schema_version: unsupported attention-sidecar schema major version 9"
                + " (version 9.1.0); this reader understands 2.x.y", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void notAnArchiveExitsOne() throws Exception {
        Path txt = Files.writeString(dir.resolve("x.npz"), "hello");
        Run r = run("sidecar", txt.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(txt + ": not a zip archive"), r.err());
    }

    private static String python(String script, Object... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("python3", "-c", script));
        for (Object a : args) command.add(a.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}

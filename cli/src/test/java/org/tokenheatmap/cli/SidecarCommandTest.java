package org.tokenheatmap.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.formats.npz.NdArray;
import org.tokenheatmap.formats.npz.NpzWriter;
import org.tokenheatmap.formats.sidecar.AttentionSidecar;
import org.tokenheatmap.formats.sidecar.FloatMatrix;
import org.tokenheatmap.formats.sidecar.Sidecars;
import org.tokenheatmap.testkit.Python;
import org.tokenheatmap.testkit.TestFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tokenheatmap.cli.CliRun.heatmap;

/** {@code heatmap sidecar}: its JSON passes Python jsonschema against the seed schema; bad input exits 1 with the reason. */
class SidecarCommandTest {

    @TempDir Path dir;

    @Test
    void printsJsonThatTheSeedSchemaAccepts() throws Exception {
        Path npz = dir.resolve("step_000001.npz");
        FloatMatrix weights = new FloatMatrix(2, 3, new float[] {0.25f, 0.25f, 0.5f, 1f, 0f, 0f});
        Sidecars.write(npz, new AttentionSidecar("2.0.0", 1, 2, 1, 2,
                List.of(new AttentionSidecar.Layer(4, weights, null, null, null))));
        CliRun r = heatmap("sidecar", npz.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("{\"schema_version\":\"2.0.0\",\"step\":1,"), r.out());
        Path json = dir.resolve("out.json");
        Files.writeString(json, r.out());
        Path schema = TestFiles.schemas().resolve("attention-sidecar.schema.json");
        String errors = Python.code("""
                import json, sys
                from jsonschema import Draft202012Validator
                v = Draft202012Validator(json.load(open(sys.argv[1])))
                doc = json.load(open(sys.argv[2]))
                assert doc["layers"][0]["q_last"] is None and doc["layers"][0]["layer"] == 4
                print([e.message for e in v.iter_errors(doc)])
                """, schema, json).withTimeout(Duration.ofSeconds(60)).run();
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
        CliRun r = heatmap("sidecar", npz.toString());
        assertEquals(1, r.exit());
        assertEquals("heatmap: " + npz + ": schema_version: unsupported attention-sidecar schema major version 9"
                + " (version 9.1.0); this reader understands 2.x.y", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void notAnArchiveExitsOne() throws Exception {
        Path txt = Files.writeString(dir.resolve("x.npz"), "hello");
        CliRun r = heatmap("sidecar", txt.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(txt + ": not a zip archive"), r.err());
    }
}

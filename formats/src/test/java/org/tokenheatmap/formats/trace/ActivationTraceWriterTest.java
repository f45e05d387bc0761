package org.tokenheatmap.formats.trace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.formats.fixtures.RunFixture;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.formats.json.JsonFormat;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The streamed steps of {@link ActivationTraceWriter} against databind's serialisation of the same records (what the
 * writer produced before it streamed): byte for byte, with and without sidecar references, null fields, and the
 * refusal of non-finite numbers.
 */
class ActivationTraceWriterTest {
    @TempDir
    Path dir;

    @Test
    void streamedFileEqualsDatabindBytes() throws Exception {
        RunFixture fx = RunFixture.generated(11).build();
        List<ActivationStep> steps = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ActivationStep s = fx.activationStep(i);
            steps.add(new ActivationStep(i, 40 + i, s.decodedTextOffset(), s.activations(),
                    i % 2 == 0 ? null : "activations/step_00000" + i + ".npz"));
        }
        ActivationStep base = steps.get(5);
        ActivationLayerEntry entry = base.activations().get(0);
        // Null fields are left out, null list elements written as null, as databind's NON_NULL inclusion does.
        List<ActivationLayerEntry> odd = new ArrayList<>(base.activations());
        odd.set(1, new ActivationLayerEntry(entry.layer(), null, 0.0, -0.0, 1.0, null));
        odd.set(2, null);
        List<TopNeuron> neurons = new ArrayList<>(entry.topNeurons());
        neurons.set(0, null);
        neurons.set(1, new TopNeuron(3, Double.MIN_VALUE));
        neurons.set(2, new TopNeuron(4, -1e300));
        odd.set(3, new ActivationLayerEntry(entry.layer(), entry.submodule(), 1e-7, 12345.678, 0.5, neurons));
        steps.add(new ActivationStep(6, 7, 8, odd, null));
        steps.add(new ActivationStep(7, 7, 9, null, null));
        steps.add(new ActivationStep(8, 7, 10, List.of(), "r"));

        Path file = dir.resolve("activations.json");
        try (ActivationTraceWriter w = ActivationTraceWriter.create(file, fx.activationHeader())) {
            for (ActivationStep s : steps) w.write(s);
            w.finish();
        }

        StringBuilder expected = new StringBuilder("\"" + JsonFormat.STEPS + "\":[");
        for (ActivationStep s : steps) expected.append(steps.indexOf(s) == 0 ? "" : ",").append(Json.mapper().writeValueAsString(s));
        expected.append("]}");
        String written = Files.readString(file);
        assertTrue(written.startsWith("{\"schema_version\":"), written);
        assertEquals(expected.toString(), written.substring(written.indexOf("\"" + JsonFormat.STEPS + "\":[")));
    }

    @Test
    void refusesNonFiniteNumbers() {
        RunFixture fx = RunFixture.generated(3).build();
        ActivationStep step = fx.activationStep(0);
        ActivationLayerEntry e = step.activations().get(0);
        List<ActivationLayerEntry> entries = new ArrayList<>(step.activations());
        entries.set(0, new ActivationLayerEntry(e.layer(), e.submodule(), Double.NaN, e.meanAbs(), e.sparsity(), e.topNeurons()));
        Path file = dir.resolve("bad.json");
        try (ActivationTraceWriter w = ActivationTraceWriter.create(file, fx.activationHeader())) {
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                    () -> w.write(new ActivationStep(0, 1, 0, entries, null)));
            assertTrue(thrown.getMessage().contains("non-finite"), thrown.getMessage());
        }
        assertFalse(Files.exists(file));
    }
}

package org.tokenheatmap.t3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.t3.synth.SyntheticTrace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class ReaderTest {

    @TempDir
    Path dir;

    static List<Variants.Variant> variants() { return Variants.all(); }

    @ParameterizedTest
    @MethodSource("variants")
    void streamsTypedRecordsInOrder(Variants.Variant v) {
        SyntheticTrace t = v.trace();
        Path file = v.write(dir);
        List<T3Record> records = new ArrayList<>();
        try (T3Reader r = new T3Reader(file, T3Reader.Mode.STRICT)) {
            for (T3Record rec = r.next(); rec != null; rec = r.next()) records.add(rec);
        }
        int s = t.config().nStages(), k = t.chainStates();
        assertEquals(1 + s + k + t.frames(), records.size());
        T3Record.Meta meta = assertInstanceOf(T3Record.Meta.class, records.getFirst());
        assertEquals(v.config().schemaVersion() == null ? 1 : v.config().schemaVersion(), meta.schemaVersion());
        assertEquals(t.config().nPrimitives(), meta.nPrimitives());
        for (int i = 0; i < s; i++) assertInstanceOf(T3Record.StageGeom.class, records.get(1 + i));
        for (int i = 0; i < k; i++)
            assertEquals(t.ponderSteps(i), assertInstanceOf(T3Record.ChainState.class, records.get(1 + s + i)).actPonderSteps());
        T3Record.Frame last = assertInstanceOf(T3Record.Frame.class, records.getLast());
        assertArrayEquals((double[]) t.frame(t.frames() - 1).get("Q"), last.q());
    }

    @ParameterizedTest
    @MethodSource("variants")
    void indexReadsAnyFrameOnDemandByOrdinalAndKey(Variants.Variant v) {
        SyntheticTrace t = v.trace();
        Path file = v.write(dir);
        try (T3Trace trace = T3Trace.open(file)) {
            assertEquals(t.frames(), trace.frameCount());
            assertEquals(t.chainStates(), trace.chainStates().size());
            assertEquals(t.config().nStages(), trace.stageGeoms().size());
            SplittableRandom rnd = new SplittableRandom(7);
            for (int n = 0; n < 20; n++) {
                int i = rnd.nextInt(t.frames());
                Map<String, Object> want = t.frame(i);
                FrameKey key = new FrameKey(t.forwardOf(i), (Integer) want.get("stage_idx"), (Integer) want.get("act_call"));
                assertEquals(key, trace.key(i));
                assertEquals(i, trace.find(key));
                T3Record.Frame f = trace.frame(key);
                assertEquals(i, f.frameIdx());
                assertArrayEquals((double[]) want.get("sigma"), f.sigma());
                assertArrayEquals((double[][]) want.get("primitives"), f.primitives());
            }
            assertEquals(-1, trace.find(new FrameKey(t.chainStates(), 0, 0)));
        }
    }

    @Test
    void recordsSerialiseBackToTheSpecNames() {
        SyntheticTrace t = Variants.all().getFirst().trace();
        Map<String, Object> frame = t.frame(t.config().nStages() - 1);   // last stage: has stage_top_tokens
        for (Map<String, Object> record : List.of(frame, t.meta(), t.stageGeom(0), t.chainState(0))) {
            byte[] json = T3Records.MAPPER.writeValueAsBytes(record);
            T3Record parsed = T3Records.parse(json, json.length);
            JsonAssert.assertClose(T3Records.MAPPER.readTree(json), T3Records.MAPPER.valueToTree(parsed), 0);
        }
    }

    @Test
    void strictModeNamesTheBrokenLine() throws IOException {
        Path file = withBrokenLine(6);
        BadInputException e = assertThrows(BadInputException.class, () -> readAll(file, T3Reader.Mode.STRICT));
        assertEquals("line 6", e.place());
        assertTrue(e.reason().startsWith("not valid JSON"), e.reason());
    }

    @Test
    void lenientModeReportsTheBrokenLineAndReadsTheRest() throws IOException {
        Path file = withBrokenLine(6);
        long lines = Files.readAllLines(file).size();
        try (T3Reader r = new T3Reader(file, T3Reader.Mode.LENIENT)) {
            int n = 0;
            while (r.next() != null) n++;
            assertEquals(lines - 1, n);
            assertEquals(1, r.brokenLines());
            assertEquals("line 6", r.problems().getFirst().place());
        }
    }

    @Test
    void wrongTypesAreReportedWithLineAndPointer() throws IOException {
        Path file = dir.resolve("typed.jsonl");
        Files.writeString(file, "\n{\"type\":\"frame\",\"frame_idx\":0,\"stage_idx\":\"one\"}\n");
        BadInputException e = assertThrows(BadInputException.class, () -> readAll(file, T3Reader.Mode.STRICT));
        assertEquals("line 2", e.place());
        assertEquals("/stage_idx: expected an integer", e.reason());
    }

    @Test
    void indexRejectsRecordsAfterTheFrames() throws IOException {
        Path file = Variants.all().get(2).write(dir);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.add(lines.get(4));   // a chain_state after the frames
        Files.write(file, lines);
        BadInputException e = assertThrows(BadInputException.class, () -> T3Trace.open(file).close());
        assertEquals("line " + lines.size(), e.place());
    }

    private Path withBrokenLine(int lineNumber) throws IOException {
        Path file = Variants.all().get(2).write(dir);
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.set(lineNumber - 1, lines.get(lineNumber - 1).substring(0, 40));
        Files.write(file, lines);
        return file;
    }

    private static void readAll(Path file, T3Reader.Mode mode) {
        try (T3Reader r = new T3Reader(file, mode)) {
            while (r.next() != null) { /* drain */ }
        }
    }
}

package org.tokenheatmap.formats.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tokenheatmap.formats.json.JsonFormat;
import org.tokenheatmap.formats.trace.PythonJsonSchema;
import org.tokenheatmap.testkit.TestFiles;

/**
 * The hand-made corpus in src/test/resources/invalid (made by make_corpus.py beside it): one file per rule,
 * each must be rejected through the same path {@code heatmap validate} takes (kind detection included) with
 * the expected place and message. Python's jsonschema judges the same files as the independent reference:
 * it must reject exactly the cases marked "invalid" and accept those only a semantic rule catches.
 */
class InvalidCorpusTest {

    private record Case(Path file, String place, String fragment, String pythonVerdict) {}

    private static List<Case> cases() throws IOException {
        Path dir = TestFiles.resource(InvalidCorpusTest.class, "/invalid");
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("cases.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            cases.add(new Case(dir.resolve(f[0]), f[1], f[2], f[3]));
        }
        return cases;
    }

    private static JsonFormat formatOf(Path file) {
        return switch (file.getFileName().toString()) {
            case "trace.json" -> JsonFormat.TRACE;
            case "activations.json" -> JsonFormat.ACTIVATION_TRACE;
            case "diff.tokens.json" -> JsonFormat.TOKEN_DIFF;
            default -> JsonFormat.ACTIVATION_DIFF;
        };
    }

    @TestFactory
    Stream<DynamicTest> everyCaseIsRejectedWithItsMessage() throws IOException {
        PathsValidator validator = PathsValidator.fromServiceLoader();
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.file().getParent().getFileName().toString(), () -> {
            PathsValidator.FileResult result = validator.validateFile(c.file(), true);
            assertEquals(formatOf(c.file()).kind(), result.kind(), "detected kind");
            assertFalse(result.valid(), "must be invalid");
            boolean found = result.problems().stream().anyMatch(p ->
                    (c.place().isEmpty() || p.place().equals(c.place())) && p.reason().contains(c.fragment()));
            assertTrue(found, "expected \"" + c.fragment() + "\" at \"" + c.place() + "\" among " + result.problems());
        }));
    }

    @Test
    void pythonJsonschemaAgreesOnWhichCasesTheSchemaAlreadyRejects() throws Exception {
        List<Case> judged = cases().stream().filter(c -> !c.pythonVerdict().equals("n/a")).toList();
        assertTrue(judged.size() > 30);
        Map<Path, JsonFormat> files = new LinkedHashMap<>();
        judged.forEach(c -> files.put(c.file(), formatOf(c.file())));
        Map<Path, String> python = PythonJsonSchema.validate(files);
        for (Case c : judged) {
            assertEquals(c.pythonVerdict().equals("valid"), python.get(c.file()).equals("OK"),
                    c.file() + ": python says " + python.get(c.file()));
        }
        assertEquals(EnumSet.allOf(JsonFormat.class), EnumSet.copyOf(files.values()), "every format has judged cases");
    }

    @Test
    void validRunDirectoryWithSidecarsPassesBothValidators() throws Exception {
        Path valid = TestFiles.resource(InvalidCorpusTest.class, "/valid");
        List<PathsValidator.FileResult> results = new ArrayList<>();
        new PathsValidator(List.of(new TraceValidator(), new ActivationTraceValidator(), new ActivationDiffValidator(),
                new TokenDiffValidator()))
                .validate(List.of(valid), results::add);
        List<String> kinds = results.stream().filter(r -> !r.skipped()).map(PathsValidator.FileResult::kind).sorted().toList();
        assertEquals(List.of("activation-diff", "activation-trace", "token-diff", "trace"), kinds);
        results.stream().filter(r -> !r.skipped()).forEach(r -> assertEquals(List.of(), r.problems(), r.file().toString()));
        assertEquals(2, results.stream().filter(PathsValidator.FileResult::skipped).count(), "the two .npz sidecars");
        Map<Path, JsonFormat> files = Map.of(valid.resolve("run/trace.json"), JsonFormat.TRACE,
                valid.resolve("run/activations.json"), JsonFormat.ACTIVATION_TRACE,
                valid.resolve("diff.json"), JsonFormat.ACTIVATION_DIFF, valid.resolve("diff.tokens.json"), JsonFormat.TOKEN_DIFF);
        PythonJsonSchema.validate(files).forEach((file, verdict) -> assertEquals("OK", verdict, file.toString()));
        assertNotNull(results);
    }
}

package org.tokenheatmap.formats.validate;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.json.JsonFormat;
import org.tokenheatmap.formats.json.JsonStepsStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates one of the JSON formats in two streaming passes, so memory stays bounded however many steps a
 * file has: first everything but the steps (read, version-checked and validated against the document
 * schema with {@code steps} emptied), then each step against the schema's step definition and the
 * format's {@link SemanticRules}.
 */
public abstract class JsonFileKindValidator implements FileKindValidator {
    private final JsonFormat format;
    private final SemanticRules rules;

    protected JsonFileKindValidator(JsonFormat format, SemanticRules rules) {
        this.format = format;
        this.rules = rules;
    }

    @Override
    public String kind() {
        return format.kind();
    }

    @Override
    public boolean recognises(Path file, byte[] head) {
        return JsonKindSniffer.detect(head) == format;
    }

    @Override
    public List<Problem> validate(Path file) {
        Problems problems = new Problems(file);
        try {
            ObjectNode document = readAllButSteps(file);
            report(SchemaSet.document(format).validate(document), "", problems);
            Nodes.requireFinite(document, "", problems);
            SemanticRules.StepRules stepRules = rules.begin(file, document, problems);
            Schema stepSchema = SchemaSet.step(format);
            int count = 0;
            try (JsonStepsStream steps = JsonStepsStream.open(file, format, List.of())) {
                while (steps.hasNextStep()) {
                    int index = steps.nextIndex();
                    JsonNode step = steps.nextStepTree();
                    String at = "/steps/" + index;
                    report(stepSchema.validate(step), at, problems);
                    Nodes.requireFinite(step, at, problems);
                    if (step.isObject()) {
                        stepRules.check(index, step);
                    }
                    count++;
                }
            }
            stepRules.end(count);
        } catch (BadInputException e) {
            problems.add(e.place(), e.reason());
        } catch (UncheckedIOException e) {
            problems.add("", "cannot read: " + e.getMessage());
        }
        return problems.toList();
    }

    /** The document with its steps array emptied; throws for non-JSON, truncation and unknown versions. */
    private ObjectNode readAllButSteps(Path file) {
        try (JsonStepsStream skim = JsonStepsStream.open(file, format, List.of())) {
            skim.skipRemainingSteps();
            ObjectNode document = skim.outsideFields();
            if (skim.hasStepsMember()) {
                document.putArray(JsonFormat.STEPS);
            }
            return document;
        }
    }

    private static void report(List<Error> errors, String prefix, Problems problems) {
        for (Error error : errors) {
            String location = error.getInstanceLocation().toString();
            String message = error.getMessage();
            // The library prefixes messages with the instance location; the place is reported separately.
            if (message.startsWith(location + ": ")) {
                message = message.substring(location.length() + 2);
            }
            problems.add(prefix + location, message);
        }
    }
}

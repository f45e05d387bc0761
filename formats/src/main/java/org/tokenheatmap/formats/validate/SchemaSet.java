package org.tokenheatmap.formats.validate;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.tokenheatmap.formats.json.JsonFormat;

/**
 * The schemas shipped as classpath resources, loaded through their {@code $id}s so that a whole document
 * and a single {@code $defs} entry (one step, validated while streaming) use the same definitions.
 */
final class SchemaSet {
    private static final String ID_PREFIX = "https://llm-token-heatmap.venuiti.com/schemas/";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaIdResolvers(ids -> ids.mapPrefix(ID_PREFIX, "classpath:org/tokenheatmap/formats/schemas/")));

    private SchemaSet() {}

    /** The schema of a whole document of {@code format}. */
    static Schema document(JsonFormat format) {
        return REGISTRY.getSchema(SchemaLocation.of(ID_PREFIX + format.schemaFile()));
    }

    /** The schema of one element of the format's {@code steps} array. */
    static Schema step(JsonFormat format) {
        String def = switch (format) {
            case TRACE -> "Step";
            case ACTIVATION_TRACE -> "ActivationStep";
            case ACTIVATION_DIFF -> "DiffStep";
            case TOKEN_DIFF -> "StepDiff";
        };
        return REGISTRY.getSchema(SchemaLocation.of(ID_PREFIX + format.schemaFile() + "#/$defs/" + def));
    }
}

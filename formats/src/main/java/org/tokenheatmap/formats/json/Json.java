package org.tokenheatmap.formats.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * The one Jackson configuration every trace file is read and written with: snake_case names, absent
 * optional fields left out, strict numbers (no NaN/Infinity either way, no string-to-number coercion) and
 * read limits that stop hostile input (deep nesting, huge strings or numbers) before it costs memory.
 */
public final class Json {

    /** Deepest nesting any of our schemas needs is about 8; 64 leaves room and still stops stack-eating input. */
    public static final int MAX_NESTING_DEPTH = 64;

    private static final StreamReadConstraints READ_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(16 * 1024 * 1024)
            .maxNameLength(4096)
            .maxNumberLength(400)
            .build();

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(READ_LIMITS).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Values are read one at a time out of a larger document; JsonStepsStream checks the document's end itself.
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new SimpleModule("finite-numbers")
                    .addSerializer(Double.class, new FiniteDoubleSerializer())
                    .addSerializer(Double.TYPE, new FiniteDoubleSerializer()))
            .build();

    private Json() {}

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** {@code value}, or an IllegalArgumentException when it is NaN or infinite, which JSON cannot hold. */
    public static double requireFinite(double value) {
        if (!Double.isFinite(value)) throw new IllegalArgumentException("cannot write non-finite number " + value + " as JSON");
        return value;
    }

    /** JSON has no NaN or Infinity; writing one would produce a file no reader accepts, so fail at the source. */
    private static final class FiniteDoubleSerializer extends StdSerializer<Double> {
        FiniteDoubleSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeNumber(requireFinite(value));
        }
    }
}

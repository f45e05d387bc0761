package org.tokenheatmap.formats.trace;

import java.nio.file.Path;
import java.util.List;
import org.tokenheatmap.formats.json.Json;
import org.tokenheatmap.formats.json.JsonFormat;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * Writes an activation trace step by step; {@link #finish()} publishes it. Steps are streamed field by field with the
 * generator rather than through databind: a capture writes ~25 entries of ~20 numbers per step, and reflection-driven
 * bean serialisation cost about as much as formatting the numbers. The bytes are those databind writes (the same
 * names and order, null fields left out, numbers through the same generator calls); {@code ActivationTraceWriterTest}
 * compares the two.
 */
public final class ActivationTraceWriter extends StepsWriter<ActivationStep> {
    private static final SerializableString STEP = name("step"), TOKEN_ID = name("token_id"),
            DECODED_TEXT_OFFSET = name("decoded_text_offset"), ACTIVATIONS = name("activations"),
            ACTIVATION_SIDECAR_REF = name("activation_sidecar_ref"), LAYER = name("layer"), SUBMODULE = name("submodule"),
            L2_NORM = name("l2_norm"), MEAN_ABS = name("mean_abs"), SPARSITY = name("sparsity"),
            TOP_NEURONS = name("top_neurons"), INDEX = name("index"), VALUE = name("value");

    private ActivationTraceWriter(Path target, ActivationHeader header) {
        super(target, JsonFormat.ACTIVATION_TRACE, header.schemaVersion(), header);
    }

    public static ActivationTraceWriter create(Path target, ActivationHeader header) {
        return new ActivationTraceWriter(target, header);
    }

    public void finish() {
        super.finish(null);
    }

    @Override
    protected void writeStep(JsonGenerator gen, ActivationStep step) {
        gen.writeStartObject();
        gen.writeName(STEP);
        gen.writeNumber(step.step());
        gen.writeName(TOKEN_ID);
        gen.writeNumber(step.tokenId());
        gen.writeName(DECODED_TEXT_OFFSET);
        gen.writeNumber(step.decodedTextOffset());
        if (step.activations() != null) {
            gen.writeName(ACTIVATIONS);
            gen.writeStartArray();
            for (ActivationLayerEntry entry : step.activations()) writeEntry(gen, entry);
            gen.writeEndArray();
        }
        if (step.activationSidecarRef() != null) {
            gen.writeName(ACTIVATION_SIDECAR_REF);
            gen.writeString(step.activationSidecarRef());
        }
        gen.writeEndObject();
    }

    private static void writeEntry(JsonGenerator gen, ActivationLayerEntry entry) {
        if (entry == null) {
            gen.writeNull();
            return;
        }
        gen.writeStartObject();
        gen.writeName(LAYER);
        gen.writeNumber(entry.layer());
        if (entry.submodule() != null) {
            gen.writeName(SUBMODULE);
            gen.writeString(entry.submodule());
        }
        writeFinite(gen, L2_NORM, entry.l2Norm());
        writeFinite(gen, MEAN_ABS, entry.meanAbs());
        writeFinite(gen, SPARSITY, entry.sparsity());
        List<TopNeuron> neurons = entry.topNeurons();
        if (neurons != null) {
            gen.writeName(TOP_NEURONS);
            gen.writeStartArray();
            for (TopNeuron neuron : neurons) {
                if (neuron == null) {
                    gen.writeNull();
                    continue;
                }
                gen.writeStartObject();
                gen.writeName(INDEX);
                gen.writeNumber(neuron.index());
                writeFinite(gen, VALUE, neuron.value());
                gen.writeEndObject();
            }
            gen.writeEndArray();
        }
        gen.writeEndObject();
    }

    /** Refused before its name is written, as databind's double serialiser ({@link Json#requireFinite}) does. */
    private static void writeFinite(JsonGenerator gen, SerializableString name, double value) {
        Json.requireFinite(value);
        gen.writeName(name);
        gen.writeNumber(value);
    }

    private static SerializableString name(String name) {
        return new SerializedString(name);
    }
}

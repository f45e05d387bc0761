package org.tokenheatmap.t3.validate;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The four T³ record schemas (formats/…/schemas/t3/*.schema.json, JSON Schema 2020-12), keyed by record type. */
public final class T3Schemas {

    private static final String DIR = "/org/tokenheatmap/formats/schemas/t3/";
    private static final Map<String, String> FILES = Map.of("meta", "t3-meta.schema.json",
            "stage_geom", "t3-stage-geom.schema.json", "chain_state", "t3-chain-state.schema.json",
            "frame", "t3-frame.schema.json");

    private final Map<String, Schema> schemas;

    public T3Schemas() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        schemas = Map.of("meta", load(registry, "meta"), "stage_geom", load(registry, "stage_geom"),
                "chain_state", load(registry, "chain_state"), "frame", load(registry, "frame"));
    }

    private static Schema load(SchemaRegistry registry, String type) {
        String path = DIR + FILES.get(type);
        try (InputStream in = T3Schemas.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("schema resource missing: " + path);
            return registry.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Schema violations of one record as "pointer: message"; an unknown type yields one message. */
    public List<String> check(JsonNode record) {
        JsonNode type = record.get("type");
        Schema schema = type != null && type.isString() ? schemas.get(type.stringValue()) : null;
        if (schema == null) return List.of("/type: not one of meta, stage_geom, chain_state, frame");
        return schema.validate(record).stream().map(T3Schemas::describe).toList();
    }

    private static String describe(Error e) {
        String at = e.getInstanceLocation().toString();
        String msg = e.getMessage();
        return msg.startsWith(at) || at.isEmpty() || at.equals("$") ? msg : at + ": " + msg;
    }
}

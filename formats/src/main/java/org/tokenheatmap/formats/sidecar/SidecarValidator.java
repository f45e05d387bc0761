package org.tokenheatmap.formats.sidecar;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.tokenheatmap.formats.BadInputException;
import org.tokenheatmap.formats.npz.NpzReader;
import org.tokenheatmap.formats.validate.FileKindValidator;
import org.tokenheatmap.formats.validate.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates sidecar archives of one kind: readable by {@code read_sidecar}, semantically sound
 * ({@link SidecarChecks}), no keys beyond the layout, and a JSON rendering that the seed schema accepts.
 */
public abstract sealed class SidecarValidator implements FileKindValidator
        permits SidecarValidator.Attention, SidecarValidator.Activation {

    private static final byte[] ZIP_MAGIC = {'P', 'K'};
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<SidecarKind, Schema> SCHEMAS = new EnumMap<>(SidecarKind.class);

    private final SidecarKind kind;

    SidecarValidator(SidecarKind kind) { this.kind = kind; }

    public static final class Attention extends SidecarValidator {
        public Attention() { super(SidecarKind.ATTENTION); }
    }

    public static final class Activation extends SidecarValidator {
        public Activation() { super(SidecarKind.ACTIVATION); }
    }

    @Override
    public String kind() { return kind.validatorKind(); }

    @Override
    public boolean recognises(Path file, byte[] head) {
        if (head.length < 4 || head[0] != ZIP_MAGIC[0] || head[1] != ZIP_MAGIC[1]) return false;
        try (NpzReader reader = NpzReader.open(file)) {
            return Sidecars.kindOf(reader) == kind;
        } catch (IOException | BadInputException e) {
            return false;
        }
    }

    @Override
    public List<Problem> validate(Path file) {
        try (NpzReader reader = NpzReader.open(file)) {
            Sidecar sidecar = Sidecars.read(reader);
            if (sidecar.kind() != kind)
                return List.of(new Problem(file.toString(), "", "is a " + sidecar.kind().validatorKind() + ", not a " + kind()));
            List<Problem> problems = new ArrayList<>(SidecarChecks.check(sidecar, file));
            Set<String> unexpected = new HashSet<>(reader.keys());
            unexpected.removeAll(SidecarLayout.keys(sidecar));
            unexpected.stream().sorted().forEach(k -> problems.add(new Problem(file.toString(), k, "unexpected key")));
            problems.addAll(schemaProblems(sidecar, file));
            return problems;
        } catch (BadInputException e) {
            return List.of(new Problem(e.file(), e.place(), e.reason()));
        } catch (IOException e) {
            return List.of(new Problem(file.toString(), "", "cannot read: " + e.getMessage()));
        }
    }

    /** Problems the seed schema finds in the sidecar's JSON rendering, placed by JSON pointer. */
    public static List<Problem> schemaProblems(Sidecar sidecar, Object file) {
        return schema(sidecar.kind()).validate(SidecarJson.toTree(sidecar)).stream()
                .map(e -> new Problem(String.valueOf(file), e.getInstanceLocation().toString(), e.getMessage()))
                .toList();
    }

    private static synchronized Schema schema(SidecarKind kind) {
        return SCHEMAS.computeIfAbsent(kind, k -> {
            String resource = "/org/tokenheatmap/formats/schemas/" + k.schemaFile();
            try (InputStream in = SidecarValidator.class.getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("schema resource missing: " + resource);
                return REGISTRY.getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}

package org.tokenheatmap.t3;

import org.tokenheatmap.t3.synth.SyntheticTrace;
import org.tokenheatmap.t3.synth.SyntheticTrace.Config;

import java.nio.file.Path;
import java.util.List;

/** The valid trace variants every test runs over: 3/4 stages, Cl(3,3)/Cl(4,4), coupling/trivectors on and off, generative/single forward, v1 without schema_version. */
final class Variants {

    record Variant(String name, Config config) {
        SyntheticTrace trace() { return new SyntheticTrace(config); }

        Path write(Path dir) {
            Path file = dir.resolve(name + ".jsonl");
            trace().write(file);
            return file;
        }

        @Override
        public String toString() { return name; }
    }

    static List<Variant> all() {
        return List.of(
                new Variant("s3-cl33-coupling-trivectors-gen", new Config(3, 4, 6, true, true, 5, 1, 4, 5, 1)),
                new Variant("s4-cl44-coupling-gen", new Config(4, 5, 8, true, false, 3, 1, 3, 7, 2)),
                new Variant("s3-cl33-plain-single", new Config(3, 3, 6, false, false, 0, 1, 3, 4, 3)),
                new Variant("s4-cl44-trivectors-single-v1", new Config(4, 4, 8, true, true, 0, null, 5, 3, 4)),
                new Variant("s3-cl44-trivectors-only-gen-v1", new Config(3, 6, 8, false, true, 4, null, 3, 2, 5)),
                new Variant("s4-cl33-v2-gen", new Config(4, 4, 6, true, true, 2, 2, 3, 6, 6)));
    }

    private Variants() {}
}

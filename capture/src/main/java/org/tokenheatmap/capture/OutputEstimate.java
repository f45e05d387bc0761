package org.tokenheatmap.capture;

import java.util.Locale;

/**
 * What a capture's files will weigh, estimated before running from the model's shape and the options (upper-bound
 * leaning: JSON numbers at full precision, sidecars uncompressed, every planned step taken).
 */
public record OutputEstimate(long traceJson, long activationsJson, long attentionSidecars, long activationSidecars,
                             int sidecarFiles) {

    /** Bytes of one JSON number written at full double precision plus its key and punctuation. */
    private static final int NUMBER = 30;
    private static final int ALTERNATIVE = 60;
    private static final int NPY_ENTRY_OVERHEAD = 200;

    public long total() {
        return traceJson + activationsJson + attentionSidecars + activationSidecars;
    }

    static OutputEstimate of(CaptureModel model, CaptureOptions options, int promptTokens, int steps, int layers) {
        var c = model.config();
        int heads = c.heads();
        long perToken = 250 + (long) options.topAlternatives() * ALTERNATIVE;
        long attentionInline = options.attention()
                ? (long) layers * (30 + heads * (4L * NUMBER + 20 + options.attentionTopK() * 2L * NUMBER)) : 0;
        long trace = 4096 + (long) promptTokens * perToken + (long) steps * (perToken + attentionInline);
        long activations = !options.activations() ? 0
                : 1024 + (long) steps * (120 + (long) layers * options.submodules().size()
                        * (60 + 4L * NUMBER + options.topNeurons() * 2L * NUMBER));
        // Key length grows by one per step: the mean query row is the prompt plus half the steps long.
        long meanKeys = promptTokens + (steps + 1L) / 2;
        long attentionPerStep = !options.fullAttention() ? 0
                : 2048 + (long) layers * (NPY_ENTRY_OVERHEAD + 4L * heads * meanKeys
                        + (options.qkv() ? 3 * NPY_ENTRY_OVERHEAD + 4L * (heads + 2L * c.kvHeads()) * c.headDim() : 0));
        long activationPerStep = !options.fullActivations() ? 0
                : 2048 + (long) layers * options.submodules().size() * (NPY_ENTRY_OVERHEAD + 4L * c.dim());
        int files = (options.fullAttention() ? steps : 0) + (options.fullActivations() ? steps : 0);
        return new OutputEstimate(trace, activations, attentionPerStep * steps, activationPerStep * steps, files);
    }

    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append("estimated output: trace.json ").append(human(traceJson));
        if (activationsJson > 0) s.append(", activations.json ").append(human(activationsJson));
        if (attentionSidecars > 0) s.append(", attention sidecars ").append(human(attentionSidecars));
        if (activationSidecars > 0) s.append(", activation sidecars ").append(human(activationSidecars));
        if (sidecarFiles > 0) s.append(" (").append(sidecarFiles).append(" .npz files)");
        return s.append("; total ").append(human(total())).toString();
    }

    public static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Parses {@code 2GB}, {@code 500MiB}, {@code 1048576} (decimal and binary suffixes; bytes without one). */
    public static long parseSize(String text) {
        var m = java.util.regex.Pattern.compile("(?i)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kmgt]?)(i?)b?\\s*").matcher(text);
        if (!m.matches()) throw new IllegalArgumentException("bad size '" + text + "' (use e.g. 2GB, 500MiB or a byte count)");
        double value = Double.parseDouble(m.group(1));
        int power = "kmgt".indexOf(Character.toLowerCase(m.group(2).isEmpty() ? ' ' : m.group(2).charAt(0))) + 1;
        double base = m.group(3).isEmpty() ? 1000 : 1024;
        return (long) (value * Math.pow(base, power));
    }
}

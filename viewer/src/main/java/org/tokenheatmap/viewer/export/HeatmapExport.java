package org.tokenheatmap.viewer.export;

import org.tokenheatmap.viewer.ActivationData;
import org.tokenheatmap.viewer.Json;
import org.tokenheatmap.viewer.RunStore;
import org.tokenheatmap.viewer.SafePaths;
import org.tokenheatmap.viewer.TraceData;
import org.tokenheatmap.viewer.ViewerServer;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code heatmap export}: a self-contained offline HTML file (the built UI inlined, with the API responses it would
 * fetch for this run precomputed), or the token heatmap as SVG / PNG from {@link HeatmapLayout}.
 */
public final class HeatmapExport {
    /** Activation cells (step × layer × submodule) beyond this are left out of an HTML export; the UI says so. */
    static final int MAX_EXPORTED_CELLS = 50_000;
    private static final Pattern SCRIPT = Pattern.compile("<script type=\"module\" crossorigin src=\"\\./([^\"]+)\"></script>");
    private static final Pattern STYLE = Pattern.compile("<link rel=\"stylesheet\" crossorigin href=\"\\./([^\"]+)\">");

    private HeatmapExport() {
    }

    public static byte[] svg(TraceData trace, String metric) {
        return SvgRenderer.render(HeatmapLayout.of(trace, TokenMetric.of(metric))).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] png(TraceData trace, String metric) {
        return PngRenderer.render(HeatmapLayout.of(trace, TokenMetric.of(metric)));
    }

    public static byte[] html(RunStore store, Path runDir) {
        String run = runDir.getFileName().toString();
        ObjectNode responses = responses(store, runDir, run);
        ObjectNode data = Json.MAPPER.createObjectNode().put("run", run);
        data.set("responses", responses);
        String page = resource("index.html");
        page = inline(page, SCRIPT, js -> "<script type=\"module\">" + js.replace("</script", "<\\/script") + "</script>");
        page = inline(page, STYLE, css -> "<style>" + css.replace("</style", "<\\/style") + "</style>");
        // JSON inside <script>: '<' escaped so the data can never close the element.
        String json = Json.MAPPER.writeValueAsString(data).replace("<", "\\u003c");
        page = page.replace("</head>", "<script>window.__HEATMAP_EXPORT__=" + json + ";</script>\n</head>");
        return page.getBytes(StandardCharsets.UTF_8);
    }

    /** The API responses the UI asks for, keyed exactly as viewer/ui/src/api.js builds its URLs. */
    private static ObjectNode responses(RunStore store, Path runDir, String run) {
        TraceData trace = store.trace(runDir);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set(key("trace/header", "run", run), trace.headerJson(run));
        int page = 4096;
        for (int from = 0; from == 0 || from < trace.stepCount(); from += page) {
            out.set(key("trace/steps", "run", run, "from", from, "to", from + page), trace.stepPage(from, from + page));
        }
        for (int step = 0; trace.attention() != null && step < trace.stepCount(); step++) {
            if (trace.attention().hasStep(step)) out.set(key("trace/attention", "run", run, "step", step), trace.attention().stepJson(step));
        }
        ActivationData acts;
        try {
            acts = store.activations(runDir);
        } catch (SafePaths.PathNotFoundException e) {
            return out;
        }
        for (String sub : acts.submodules()) {
            for (String m : acts.kind().metrics()) {
                out.set(key("activations/matrix", "run", run, "submodule", sub, "metric", m), acts.matrix(sub, m));
            }
        }
        long cells = (long) acts.steps().size() * acts.layers().length * acts.submodules().size();
        if (cells <= MAX_EXPORTED_CELLS) {
            for (int step = 0; step < acts.steps().size(); step++) {
                for (int layer : acts.layers()) {
                    for (String sub : acts.submodules()) {
                        try {
                            out.set(key("activations/cell", "run", run, "step", step, "layer", layer, "submodule", sub), acts.cell(step, layer, sub));
                        } catch (IllegalArgumentException missing) {
                            // that (layer, submodule) was not captured at this step; the UI shows the gap
                        }
                    }
                }
            }
        }
        return out;
    }

    /** "api/PATH?k=v&…" with values URL-encoded, parameters in the given order (the UI's order). */
    static String key(String path, Object... params) {
        StringBuilder k = new StringBuilder("api/").append(path);
        for (int i = 0; i < params.length; i += 2) {
            k.append(i == 0 ? '?' : '&').append(params[i]).append('=')
                    .append(java.net.URLEncoder.encode(String.valueOf(params[i + 1]), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return k.toString();
    }

    private static String inline(String page, Pattern tag, java.util.function.UnaryOperator<String> wrap) {
        Matcher m = tag.matcher(page);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(wrap.apply(resource(m.group(1)))));
        m.appendTail(out);
        return out.toString();
    }

    private static String resource(String name) {
        try (InputStream in = HeatmapExport.class.getResourceAsStream(ViewerServer.UI_RESOURCES + "/" + name)) {
            if (in == null) throw new IllegalStateException("the viewer UI is not built into this jar (missing " + name + ")");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.tokenheatmap.viewer.export;

import org.tokenheatmap.viewer.TraceData;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Places the tokens of a trace as coloured boxes in wrapped lines of monospace text — the one layout both the SVG
 * and the PNG export draw. A token containing a newline ends its line, as it does in the web UI.
 */
public record HeatmapLayout(String title, String subtitle, TokenMetric metric, double[] domain, List<Box> boxes,
                            int width, int height, int legendY) {

    public static final int WIDTH = 1000, MARGIN = 16, FONT_SIZE = 14, LINE_HEIGHT = 22, PAD = 2, LEGEND_HEIGHT = 44;
    /** Advance of one character of a monospace font at {@link #FONT_SIZE}. */
    public static final double CHAR_WIDTH = FONT_SIZE * 0.6;
    private static final int TITLE_HEIGHT = 44;

    /** One token's box: where, its visible label, its fill; {@code step} or {@code promptPosition} is -1. */
    public record Box(int x, int y, int w, int h, String label, int fill, int text, int step, int promptPosition) {
    }

    public static HeatmapLayout of(TraceData trace, TokenMetric metric) {
        List<Token> tokens = new ArrayList<>();
        for (JsonNode t : trace.promptTokens()) tokens.add(Token.of(t, -1, t.path("position").asInt()));
        for (JsonNode s : trace.steps()) tokens.add(Token.of(s, s.path("step").asInt(), -1));
        List<Double> raws = tokens.stream().map(t -> metric.raw(t.logprob, t.entropy, t.rank)).toList();
        double[] domain = metric.domain(raws);
        List<Box> boxes = new ArrayList<>();
        int x = MARGIN, y = MARGIN + TITLE_HEIGHT;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            String label = Whitespace.visible(t.text);
            int w = (int) Math.ceil(Math.max(1, label.codePointCount(0, label.length())) * CHAR_WIDTH) + 2 * PAD;
            if (x + w > WIDTH - MARGIN && x > MARGIN) {
                x = MARGIN;
                y += LINE_HEIGHT;
            }
            int fill = ColorScale.viridis(metric.normalise(raws.get(i), domain));
            boxes.add(new Box(x, y, w, LINE_HEIGHT - 2, label, fill, ColorScale.textOn(fill), t.step, t.promptPosition));
            x += w + 1;
            if (t.text.contains("\n")) {
                x = MARGIN;
                y += LINE_HEIGHT;
            }
        }
        JsonNode model = trace.header().path("model"), summary = trace.header().path("summary");
        String title = model.path("name").asString("run") + " — " + metric.key();
        String subtitle = String.format("%d prompt + %d generated tokens · perplexity %s · mean entropy %s nats",
                trace.promptTokens().size(), trace.stepCount(), number(summary.get("perplexity")), number(summary.get("mean_entropy")));
        int legendY = y + LINE_HEIGHT + MARGIN;
        return new HeatmapLayout(title, subtitle, metric, domain, boxes, WIDTH, legendY + LEGEND_HEIGHT, legendY);
    }

    private static String number(JsonNode n) {
        return n == null || !n.isNumber() ? "–" : String.format("%.3f", n.asDouble());
    }

    private record Token(String text, Double logprob, Double entropy, Integer rank, int step, int promptPosition) {
        static Token of(JsonNode n, int step, int promptPosition) {
            return new Token(n.path("text").asString(""), num(n.get("logprob")), num(n.get("entropy")),
                    n.get("rank") == null || n.get("rank").isNull() ? null : n.get("rank").asInt(), step, promptPosition);
        }

        private static Double num(JsonNode n) {
            return n == null || n.isNull() ? null : n.asDouble();
        }
    }
}

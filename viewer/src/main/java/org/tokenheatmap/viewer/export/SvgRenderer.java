package org.tokenheatmap.viewer.export;

import java.util.Locale;

/** Writes a {@link HeatmapLayout} as a standalone SVG document. */
public final class SvgRenderer {
    private static final int LEGEND_STOPS = 9, LEGEND_WIDTH = 300;

    private SvgRenderer() {
    }

    public static String render(HeatmapLayout layout) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans Mono, Menlo, monospace\">%n",
                layout.width(), layout.height(), layout.width(), layout.height()));
        svg.append(String.format("<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>%n"));
        text(svg, HeatmapLayout.MARGIN, HeatmapLayout.MARGIN + 14, 16, "bold", 0x111111, layout.title());
        text(svg, HeatmapLayout.MARGIN, HeatmapLayout.MARGIN + 34, 12, "normal", 0x444444, layout.subtitle());
        for (HeatmapLayout.Box b : layout.boxes()) {
            String attr = b.step() >= 0 ? "data-step=\"" + b.step() + "\"" : "data-prompt-position=\"" + b.promptPosition() + "\"";
            svg.append(String.format("<g %s><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" fill=\"%s\"/>",
                    attr, b.x(), b.y(), b.w(), b.h(), ColorScale.hex(b.fill())));
            svg.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"%d\" fill=\"%s\" xml:space=\"preserve\">%s</text></g>%n",
                    b.x() + HeatmapLayout.PAD, b.y() + b.h() - 5, HeatmapLayout.FONT_SIZE, ColorScale.hex(b.text()), escape(b.label())));
        }
        legend(svg, layout);
        return svg.append("</svg>\n").toString();
    }

    private static void legend(StringBuilder svg, HeatmapLayout layout) {
        int y = layout.legendY(), x = HeatmapLayout.MARGIN;
        svg.append("<defs><linearGradient id=\"scale\">");
        for (int i = 0; i < LEGEND_STOPS; i++) {
            double t = i / (double) (LEGEND_STOPS - 1);
            double shade = layout.metric().higherIsConfident() ? t : 1 - t;
            svg.append(String.format(Locale.ROOT, "<stop offset=\"%.3f\" stop-color=\"%s\"/>", t, ColorScale.hex(ColorScale.viridis(shade))));
        }
        svg.append("</linearGradient></defs>\n");
        svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"12\" fill=\"url(#scale)\"/>%n", x, y, LEGEND_WIDTH));
        double[] d = layout.domain();
        text(svg, x, y + 28, 11, "normal", 0x333333, format(d[0]));
        text(svg, x + LEGEND_WIDTH - 40, y + 28, 11, "normal", 0x333333, format(d[1]));
        text(svg, x + LEGEND_WIDTH + 12, y + 11, 11, "normal", 0x333333, layout.metric().key() + " (yellow = confident)");
    }

    private static void text(StringBuilder svg, int x, int y, int size, String weight, int color, String content) {
        svg.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\" fill=\"%s\">%s</text>%n",
                x, y, size, weight, ColorScale.hex(color), escape(content)));
    }

    static String format(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3g", v);
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> {
                    // XML 1.0 forbids most control characters; show them as U+FFFD like an undecodable byte.
                    if (c < 0x20 || c == 0xfffe || c == 0xffff) out.append('\ufffd');
                    else out.appendCodePoint(c);
                }
            }
        });
        return out.toString();
    }
}

package org.tokenheatmap.capture;

import java.util.List;
import org.tokenheatmap.formats.trace.Step;

/**
 * The captured text as a terminal heatmap: each step's text on a background from red (improbable) through yellow
 * to green (probable), using 24-bit ANSI colours.
 */
public final class TerminalHeatmap {
    private static final String RESET = "\u001b[0m";

    private TerminalHeatmap() {}

    public static String render(String prompt, List<Step> steps) {
        StringBuilder out = new StringBuilder();
        if (!prompt.isEmpty()) out.append("\u001b[2m").append(prompt).append(RESET);
        for (Step s : steps) {
            int[] rgb = colour(s.prob());
            out.append(paint(rgb));
            // Keep newlines outside the coloured span so the background does not smear to the line end.
            String text = s.text();
            int nl;
            while ((nl = text.indexOf('\n')) >= 0) {
                out.append(text, 0, nl).append(RESET).append('\n').append(paint(rgb));
                text = text.substring(nl + 1);
            }
            out.append(text).append(RESET);
        }
        return out.append(RESET).append('\n').append(legend()).toString();
    }

    /** Red at 0, yellow at 0.5, green at 1. */
    static int[] colour(double p) {
        double x = Math.max(0, Math.min(1, p));
        int red = (int) Math.round(x < 0.5 ? 230 : 230 - (x - 0.5) * 2 * 150);
        int green = (int) Math.round(x < 0.5 ? 80 + x * 2 * 150 : 230);
        return new int[] {red, green, 90};
    }

    /** Black text on an RGB background. */
    private static String paint(int[] rgb) {
        return "\u001b[38;2;0;0;0;48;2;" + rgb[0] + ";" + rgb[1] + ";" + rgb[2] + "m";
    }

    private static String legend() {
        StringBuilder s = new StringBuilder("probability: ");
        for (double p : new double[] {0.0, 0.25, 0.5, 0.75, 1.0}) {
            s.append(paint(colour(p))).append(String.format(java.util.Locale.ROOT, " %.2f ", p)).append(RESET);
        }
        return s.toString();
    }
}

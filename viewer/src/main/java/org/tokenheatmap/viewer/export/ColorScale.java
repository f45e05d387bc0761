package org.tokenheatmap.viewer.export;

/**
 * Viridis (perceptually uniform, colour-blind safe), as nine stops sampled from matplotlib's table at 0, 1/8, … 1 and
 * interpolated linearly in sRGB. The web UI (viewer/ui/src/color.js) holds the same stops.
 */
public final class ColorScale {
    private static final int[] VIRIDIS = {
            0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725};
    /** Colour of a token that has no value (position 0 of the prompt, which nothing predicts). */
    public static final int MISSING = 0x9e9e9e;

    private ColorScale() {
    }

    /** The 0xRRGGBB colour at {@code t} in [0, 1] (clamped; NaN gives {@link #MISSING}). */
    public static int viridis(double t) {
        if (Double.isNaN(t)) return MISSING;
        double x = Math.clamp(t, 0.0, 1.0) * (VIRIDIS.length - 1);
        int i = Math.min((int) x, VIRIDIS.length - 2);
        double f = x - i;
        int a = VIRIDIS[i], b = VIRIDIS[i + 1];
        return mix(a >> 16, b >> 16, f) << 16 | mix(a >> 8 & 0xff, b >> 8 & 0xff, f) << 8 | mix(a & 0xff, b & 0xff, f);
    }

    /** Black or white, whichever reads better on {@code rgb} (WCAG relative luminance). */
    public static int textOn(int rgb) {
        double l = 0.2126 * linear(rgb >> 16 & 0xff) + 0.7152 * linear(rgb >> 8 & 0xff) + 0.0722 * linear(rgb & 0xff);
        return l > 0.179 ? 0x000000 : 0xffffff;
    }

    public static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xffffff);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}

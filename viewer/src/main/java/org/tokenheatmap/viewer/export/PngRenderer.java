package org.tokenheatmap.viewer.export;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Draws a {@link HeatmapLayout} with Java2D (headless) into a PNG — the same boxes the SVG export writes. */
public final class PngRenderer {
    private PngRenderer() {
    }

    public static byte[] render(HeatmapLayout layout) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, layout.width(), layout.height());
            g.setColor(new Color(0x111111));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(layout.title(), HeatmapLayout.MARGIN, HeatmapLayout.MARGIN + 14);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(new Color(0x444444));
            g.drawString(layout.subtitle(), HeatmapLayout.MARGIN, HeatmapLayout.MARGIN + 34);
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, HeatmapLayout.FONT_SIZE));
            for (HeatmapLayout.Box b : layout.boxes()) {
                g.setColor(new Color(b.fill()));
                g.fillRoundRect(b.x(), b.y(), b.w(), b.h(), 6, 6);
                g.setColor(new Color(b.text()));
                g.drawString(b.label(), b.x() + HeatmapLayout.PAD, b.y() + b.h() - 5);
            }
            legend(g, layout);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void legend(Graphics2D g, HeatmapLayout layout) {
        int x = HeatmapLayout.MARGIN, y = layout.legendY(), w = 300;
        for (int i = 0; i < w; i++) {
            double t = i / (double) (w - 1);
            g.setColor(new Color(ColorScale.viridis(layout.metric().higherIsConfident() ? t : 1 - t)));
            g.fillRect(x + i, y, 1, 12);
        }
        g.setColor(new Color(0x333333));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(SvgRenderer.format(layout.domain()[0]), x, y + 28);
        g.drawString(SvgRenderer.format(layout.domain()[1]), x + w - 40, y + 28);
        g.drawString(layout.metric().key() + " (yellow = confident)", x + w + 12, y + 11);
    }
}

package org.tokenheatmap.viewer.export;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenheatmap.formats.fixtures.RunFixture;
import org.tokenheatmap.viewer.RunStore;
import org.tokenheatmap.viewer.TraceData;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeatmapExportTest {
    @TempDir
    static Path tmp;
    static TraceData trace;
    static RunStore store = new RunStore();
    static Path run;

    @BeforeAll
    static void fixture() {
        run = RunFixture.generated(7).build().write(tmp.resolve("run")).toAbsolutePath();
        trace = store.trace(run);
    }

    @Test
    void viridisMatchesMatplotlibTable() {
        // matplotlib's _viridis_data rows 0, 128 and 255 (an independent table, as floats in [0, 1]).
        assertRgb(new double[] {0.267004, 0.004874, 0.329415}, ColorScale.viridis(0));
        assertRgb(new double[] {0.127568, 0.566949, 0.550556}, ColorScale.viridis(128 / 255.0));
        assertRgb(new double[] {0.993248, 0.906157, 0.143936}, ColorScale.viridis(1));
        assertEquals(ColorScale.MISSING, ColorScale.viridis(Double.NaN));
    }

    private static void assertRgb(double[] expected, int rgb) {
        int[] got = {rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff};
        for (int c = 0; c < 3; c++) assertEquals(expected[c] * 255, got[c], 3.0, "channel " + c + " of " + ColorScale.hex(rgb));
    }

    @Test
    void svgHasOneBoxPerTokenColouredByProbability() throws Exception {
        byte[] svg = HeatmapExport.svg(trace, "probability");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg));
        NodeList groups = doc.getElementsByTagName("g");
        int steps = 0, prompt = 0;
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.hasAttribute("data-step")) {
                int step = Integer.parseInt(g.getAttribute("data-step"));
                double prob = trace.steps().get(step).path("prob").asDouble();
                String fill = ((Element) g.getElementsByTagName("rect").item(0)).getAttribute("fill");
                assertEquals(ColorScale.hex(ColorScale.viridis(prob)), fill, "step " + step);
                String text = g.getElementsByTagName("text").item(0).getTextContent();
                assertEquals(Whitespace.visible(trace.steps().get(step).path("text").asString()).replace("\n", ""), text);
                steps++;
            } else if (g.hasAttribute("data-prompt-position")) {
                prompt++;
            }
        }
        assertEquals(trace.stepCount(), steps);
        assertEquals(trace.promptTokens().size(), prompt);
    }

    @Test
    void pngDrawsTheSameLayout() throws Exception {
        HeatmapLayout layout = HeatmapLayout.of(trace, TokenMetric.ENTROPY);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(HeatmapExport.png(trace, "entropy")));
        assertEquals(layout.width(), image.getWidth());
        assertEquals(layout.height(), image.getHeight());
        double maxEntropy = trace.steps().stream().mapToDouble(s -> s.path("entropy").asDouble()).max().orElseThrow();
        for (HeatmapLayout.Box b : layout.boxes()) {
            if (b.step() < 0) continue;
            // The box's top-right corner area holds no glyph: it shows the pure fill.
            int rgb = image.getRGB(b.x() + b.w() - 2, b.y() + 2) & 0xffffff;
            double expected = 1 - trace.steps().get(b.step()).path("entropy").asDouble() / maxEntropy;
            assertEquals(ColorScale.hex(ColorScale.viridis(expected)), ColorScale.hex(rgb), "step " + b.step());
        }
    }

    @Test
    void htmlIsSelfContained() {
        String html = new String(HeatmapExport.html(store, run), StandardCharsets.UTF_8);
        assertTrue(html.contains("window.__HEATMAP_EXPORT__="), "embeds the data");
        assertTrue(!html.contains("src=\"./assets") && !html.contains("href=\"./assets"), "no external assets");
        assertTrue(html.contains("\"api/trace/steps?run=run&from=0&to=4096\""), "steps page under the UI's key");
    }
}

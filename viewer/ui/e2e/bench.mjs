// Viewer bench (not a test): node e2e/bench.mjs BASE_URL RUN [repeats]
// Reports time to interactive (navigation until the last token is rendered and hoverable), hover latency (mouseover
// until the tooltip for that token is painted) and attention-panel latency, as JSON on the last line.
import { launch } from './browser.mjs';

const [base, run, repeatsArg] = process.argv.slice(2);
const repeats = +(repeatsArg || 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

const context = await launch();
const page = context.pages()[0] || await context.newPage();
try {
  const tti = [];
  let steps = 0;
  for (let i = 0; i < repeats; i++) {
    await page.goto('about:blank');
    const t0 = Date.now();
    await page.goto(`${base}/?run=${encodeURIComponent(run)}`);
    await page.waitForFunction(() => window.__heatmapReady && document.querySelectorAll('[data-step]').length > 0, null, { timeout: 60000 });
    steps = await page.locator('[data-step]').count();
    await page.locator(`[data-step="${steps - 1}"]`).waitFor();
    tti.push(Date.now() - t0);
  }
  const hover = await page.evaluate(async (n) => {
    const spans = [...document.querySelectorAll('[data-step]')];
    const out = [];
    for (let i = 0; i < n; i++) {
      const el = spans[Math.floor((i * 7919) % spans.length)];
      const t0 = performance.now();
      el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      await new Promise((resolve) => {
        const poll = () => {
          const tip = document.querySelector('.tooltip .tt-head');
          if (tip && tip.textContent.includes(`step ${el.dataset.step} `)) requestAnimationFrame(() => resolve());
          else requestAnimationFrame(poll);
        };
        poll();
      });
      out.push(performance.now() - t0);
    }
    return out;
  }, 60);
  await page.click('[data-view="attention"]');
  // Pin by a click event in the page and wait for the grid of that step to be painted (fetch + render).
  const attention = await page.evaluate(async (last) => {
    const out = [];
    for (const step of [100, 2000, last]) {
      const t0 = performance.now();
      document.querySelector(`[data-step="${step}"]`).dispatchEvent(new MouseEvent('click', { bubbles: true }));
      await new Promise((resolve) => {
        const poll = () => (document.querySelector(`.attention[data-step="${step}"] canvas.head-grid`)
          ? requestAnimationFrame(() => resolve()) : requestAnimationFrame(poll));
        poll();
      });
      out.push(Math.round(performance.now() - t0));
    }
    return out;
  }, steps - 1);
  const result = {
    steps, tti_ms: { median: median(tti), all: tti },
    hover_ms: { median: +median(hover).toFixed(1), p95: +p95(hover).toFixed(1), max: +Math.max(...hover).toFixed(1) },
    attention_panel_ms: attention,
  };
  console.log(JSON.stringify(result));
} finally {
  await context.close();
}

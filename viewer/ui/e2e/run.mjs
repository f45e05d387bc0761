// End-to-end check of the viewer: node e2e/run.mjs BASE_URL EXPECTED_JSON SCREENSHOT_DIR
// EXPECTED_JSON is written by ViewerE2ETest straight from the fixture's trace.json.
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './browser.mjs';

const [base, expectedFile, shots] = process.argv.slice(2);
const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
mkdirSync(shots, { recursive: true });
const fail = (msg) => { throw new Error(msg); };
const check = (cond, msg) => { if (!cond) fail(msg); console.log('ok -', msg); };
const pinIs = async (page, pin) => {
  await page.waitForFunction((p) => new URLSearchParams(location.search).get('pin') === p, pin, { timeout: 3000 }).catch(() => {});
  return new URL(page.url()).searchParams.get('pin') === pin;
};
const near = (a, b, tol, msg) => check(Math.abs(a - b) <= tol, `${msg} (${a} vs ${b})`);

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
try {
  await page.goto(`${base}/?run=${encodeURIComponent(expected.run)}`);
  await page.waitForSelector(`[data-step="${expected.steps - 1}"]`);
  check(await page.locator('[data-step]').count() === expected.steps, `renders ${expected.steps} generated tokens`);
  check(await page.locator('[data-prompt-position]').count() === expected.prompt, `renders ${expected.prompt} prompt tokens`);
  near(parseFloat(await page.locator('[data-figure="perplexity"]').innerText().then((t) => t.replace(/[^0-9.]/g, ''))),
    expected.perplexity, 1e-3 * expected.perplexity, 'perplexity figure');
  await page.screenshot({ path: join(shots, '01-tokens.png') });

  // Hover: the tooltip shows the token's id, visible text, probability and alternatives from trace.json.
  const t = expected.token;
  await page.hover(`[data-step="${t.step}"]`);
  const tip = page.locator('.tooltip');
  await tip.waitFor();
  check(await tip.locator('.tt-id').innerText() === String(t.token_id), `tooltip token id ${t.token_id}`);
  check(await tip.locator('.tt-text').innerText() === t.visible_text, `tooltip text '${t.visible_text}'`);
  near(parseFloat(await tip.locator('[data-metric="probability"]').innerText()), t.prob, 5e-4 * Math.max(1, t.prob), 'tooltip probability');
  near(parseFloat(await tip.locator('[data-metric="entropy"]').innerText()), t.entropy, 5e-4 * Math.max(1, t.entropy), 'tooltip entropy');
  const alts = await tip.locator('[data-alt-id]').evaluateAll((els) => els.map((e) => +e.dataset.altId));
  check(JSON.stringify(alts) === JSON.stringify(t.alternative_ids), `tooltip alternatives ${alts}`);
  await page.screenshot({ path: join(shots, '02-hover.png') });

  // Pin by click; keyboard moves the pin; the URL is a deep link.
  await page.click(`[data-step="${t.step}"]`);
  check(await pinIs(page, `s${t.step}`), 'click pins the token (URL pin)');
  await page.mouse.move(5, 5);
  await page.keyboard.press('j');
  check(await pinIs(page, `s${t.step + 1}`), 'j moves the pin forward');
  await page.keyboard.press('ArrowLeft');
  check(await pinIs(page, `s${t.step}`), 'ArrowLeft moves it back');

  // Attention: layer × head grid; choose layer 1, head 2; the sidecar row is drawn.
  await page.click('[data-view="attention"]');
  const grid = page.locator('canvas.head-grid');
  await grid.waitFor();
  const group = expected.heads / expected.kv_heads;
  await grid.click({ position: { x: 2 * 22 + Math.floor(2 / group) * 6 + 11, y: 1 * 22 + 11 } });
  await page.locator('.head-detail h4').waitFor();
  check((await page.locator('.head-detail h4').innerText()).startsWith('Layer 1, head 2'), 'grid click selects layer 1 head 2');
  await page.locator('canvas.row-chart').waitFor();
  check(new URL(page.url()).searchParams.get('layer') === '1', 'layer in the URL');
  await page.screenshot({ path: join(shots, '03-attention.png'), fullPage: true });

  // Deep link: reloading restores run, view, pinned token and layer.
  await page.goto(page.url());
  await page.locator('.head-detail h4').waitFor();
  check((await page.locator('.head-detail h4').innerText()).startsWith('Layer 1, head 2'), 'deep link restores the attention view');

  // Activations: layer × step heatmap; a cell's top neurons match the fixture; raw vector plotted from the sidecar.
  await page.click('[data-view="activations"]');
  const matrix = page.locator('canvas.act-matrix');
  await matrix.waitFor();
  const box = await matrix.boundingBox();
  const cellW = box.width / expected.steps;
  await matrix.click({ position: { x: (expected.cell.step + 0.5) * cellW, y: expected.cell.layer * 14 + 7 } });
  const cellSel = `.cell[data-cell="${expected.cell.step}:${expected.cell.layer}"] .neuron`;
  await page.locator(cellSel).first().waitFor();
  check(+(await page.locator(cellSel).first().getAttribute('data-neuron')) === expected.cell.top_neuron,
    `top neuron of step ${expected.cell.step} layer ${expected.cell.layer}`);
  await page.locator('.vector-plot canvas').first().waitFor();
  await page.screenshot({ path: join(shots, '04-activations.png'), fullPage: true });

  await page.click('button.theme');
  // The theme is applied by an effect after the render: wait for it rather than racing it.
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark', null, { timeout: 3000 }).catch(() => {});
  check(await page.evaluate(() => document.documentElement.dataset.theme) === 'dark', 'dark theme');
  await page.click('[data-view="tokens"]');
  await page.screenshot({ path: join(shots, '05-dark.png') });

  // Export: the downloaded page works offline (file://) with the same tokens.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="html"]')]);
  const file = join(shots, 'export.html');
  await download.saveAs(file);
  const offline = await context.newPage();
  await offline.route('http*://**', (route) => route.abort());
  await offline.goto('file://' + file);
  await offline.waitForSelector(`[data-step="${expected.steps - 1}"]`);
  check(await offline.locator('[data-step]').count() === expected.steps, 'offline export renders every token');
  await offline.hover(`[data-step="${t.step}"]`);
  check(await offline.locator('.tooltip .tt-id').innerText() === String(t.token_id), 'offline export tooltip');
  await offline.screenshot({ path: join(shots, '06-export-offline.png') });
  // Diff mode: token diff side by side with mismatches marked; activation diff heatmap; top changed neurons.
  const d = expected.diff;
  await page.goto(`${base}/?diff=${encodeURIComponent(d.path)}&view=diff`);
  await page.waitForSelector(`[data-diff-step="${d.steps - 1}"]`);
  check(await page.locator('[data-diff-step]').count() === d.steps, `diff shows ${d.steps} aligned steps`);
  check(await page.locator('.pair.mismatch').count() === d.mismatches, `${d.mismatches} mismatches marked`);
  const dm = page.locator('.activation-diff canvas.act-matrix');
  await dm.waitFor();
  // The matrix is drawn once its data has arrived; measure it after that, not while it may still resize.
  await page.waitForLoadState('networkidle');
  const dbox = await dm.boundingBox();
  await dm.click({ position: { x: (d.cell.step + 0.5) * dbox.width / d.steps, y: d.cell.layer * 14 + 7 } });
  const diffCellSel = `.activation-diff [data-diff-cell="${d.cell.step}:${d.cell.layer}"] .neuron`;
  await page.locator(diffCellSel).first().waitFor();
  check(+(await page.locator(diffCellSel).first().getAttribute('data-neuron')) === d.cell.top_neuron,
    'top changed neuron of the clicked diff cell');
  await page.screenshot({ path: join(shots, '07-diff.png'), fullPage: true });
  check(errors.length === 0, 'no page errors ' + errors.join('; '));
  console.log('E2E PASSED');
} finally {
  await context.close();
}

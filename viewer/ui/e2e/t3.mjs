// End-to-end check of the T³ view: node e2e/t3.mjs BASE_URL EXPECTED_JSON SCREENSHOT_DIR
// EXPECTED_JSON is written by T3E2ETest from the synthetic generator's arrays (not from the server).
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './browser.mjs';
import { wrapSegments } from '../src/t3/torus.js';

const [base, expectedFile, shots] = process.argv.slice(2);
const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
mkdirSync(shots, { recursive: true });
const check = (cond, msg) => { if (!cond) throw new Error(msg); console.log('ok -', msg); };

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));

/** Waits until the shown frame is `frame` (ordinal), then compares its key and per-head Q with the generator's. */
async function expectFrame(frame, label) {
  const want = `${frame.forward}/${frame.stage}/${frame.act_call}`;
  await page.waitForFunction((k) => document.querySelector('[data-t3-key]')?.dataset.t3Key === k, want, { timeout: 5000 }).catch(() => {});
  const key = await page.locator('[data-t3-key]').getAttribute('data-t3-key');
  check(key === want, `${label}: frame key ${key} (expected ${want})`);
  check(+(await page.locator('[data-t3-key]').getAttribute('data-ordinal')) === frame.ordinal, `${label}: ordinal ${frame.ordinal}`);
  const qs = await page.locator('tr.q-head').evaluateAll((rows) => rows.map((r) => ({ q: +r.dataset.q, kind: r.classList[1],
    shown: +r.querySelector('.q-value').textContent })));
  check(qs.length === frame.q.length, `${label}: ${qs.length} heads`);
  qs.forEach((got, h) => {
    if (Math.abs(got.q - frame.q[h]) > 1e-12 || Math.abs(got.shown - frame.q[h]) > 5e-5 || got.kind !== frame.kind[h]) {
      throw new Error(`${label}: head ${h} Q ${got.q} / shown ${got.shown} / ${got.kind}, expected ${frame.q[h]} ${frame.kind[h]}`);
    }
  });
  console.log(`ok - ${label}: Q of ${qs.length} heads and their classes`);
}

/** Distinct colours in a canvas: a blank or single-colour canvas means nothing was drawn. */
const colours = (selector) => page.locator(selector).evaluate((c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, seen = new Set();
  for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
  return seen.size;
});

// The wraparound split itself: for every pair of heads, the segments stay inside the unit cube and their lengths add
// up to the geodesic distance the generator computed.
for (const g of [expected.coupled.geometry, expected.plain.geometry]) {
  let worst = 0;
  for (let i = 0; i < g.positions.length; i++) {
    for (let j = 0; j < g.positions.length; j++) {
      const segs = wrapSegments(g.positions[i], g.positions[j]);
      const inside = segs.every((s) => s.every((p) => p.every((v) => v >= -1e-12 && v <= 1 + 1e-12)));
      if (!inside) throw new Error(`segment of ${i}-${j} leaves the cube`);
      const length = segs.reduce((n, [a, b]) => n + Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]), 0);
      worst = Math.max(worst, Math.abs(length - g.distances[i][j]));
    }
  }
  check(worst < 1e-12, `wrapped edge lengths equal the geodesic distances (max error ${worst})`);
}

try {
  const t = expected.coupled;
  await page.goto(`${base}/?view=t3&t3=${encodeURIComponent(t.path)}`);
  await page.waitForSelector('.t3-view[data-ready="true"]', { timeout: 20000 });
  check(await page.locator('select[aria-label="t3 trace"] option').count() === expected.listed + 1, `catalog lists ${expected.listed} T³ traces`);
  check((await page.locator('[data-figure="frames"]').innerText()).includes(String(t.frame_count)), `frame count ${t.frame_count}`);

  // 3D view: heads and wraparound-split blockade edges as computed from the generator's kernel and positions.
  const torus = page.locator('canvas.torus');
  check(+(await torus.getAttribute('data-heads')) === t.heads, `torus shows ${t.heads} heads`);
  check(+(await torus.getAttribute('data-edges')) === t.edges, `${t.edges} blockade edges at kernel ≥ 0.5`);
  check(+(await torus.getAttribute('data-segments')) === t.segments, `${t.segments} edge segments after splitting at cube faces`);
  check(await colours('canvas.torus') > 20, 'torus canvas is drawn');
  for (const name of ['distances', 'kernel', 'cosurvival', 'modulation', 'primitives', 'attn-entropy']) {
    const c = page.locator(`[data-matrix="${name}"] canvas`);
    check(await colours(`[data-matrix="${name}"] canvas`) > 3, `heatmap ${name} is drawn`);
    if (['distances', 'kernel', 'cosurvival', 'modulation'].includes(name)) {
      check(+(await c.getAttribute('width')) === t.heads * 18, `heatmap ${name} is ${t.heads} cells wide`);
    }
  }
  check(await page.locator('[data-plot="halt-strain"] canvas').count() === 1, 'ACT halt/strain chart rendered');
  check(await page.locator('[data-matrix="rotation"] canvas').count() === 1, 'rotation R drawn (has_coupling)');
  await expectFrame(t.frames.first, 'first frame');
  await page.screenshot({ path: join(shots, 't3-01-light.png'), fullPage: true });

  // Scrub: keyboard one frame, PageDown to the next chain forward, the range input to a chosen key, End.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await expectFrame(t.frames.second, 'ArrowRight');
  await page.keyboard.press('PageDown');
  await expectFrame(t.frames.next_forward, 'PageDown');
  await page.locator('input.t3-scrub').fill(String(t.frames.chosen.ordinal));
  await expectFrame(t.frames.chosen, 'range input');
  check(+(await page.locator('.t3-act').getAttribute('data-token')) === t.frames.chosen.forward, 'ACT chart follows the frame\'s token');
  check(+(await page.locator('.t3-geometry').getAttribute('data-stage')) === t.frames.chosen.stage, 'geometry follows the frame\'s stage');
  await page.screenshot({ path: join(shots, 't3-02-scrubbed.png'), fullPage: true });
  // Deep link: the URL names the shown frame, and opening it shows that frame again.
  check(new URL(page.url()).searchParams.get('frame') === String(t.frames.chosen.ordinal), 'the URL holds the shown frame');
  await page.goto(page.url());
  await page.waitForSelector('.t3-view[data-ready="true"]', { timeout: 20000 });
  await expectFrame(t.frames.chosen, 'deep link');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('End');
  await expectFrame(t.frames.last, 'End');
  check(await page.locator('.t3-top li').count() === t.frames.last.top_tokens, 'last stage shows stage_top_tokens');

  // Dark theme: the page and the canvases repaint.
  await page.click('button.theme');
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark', null, { timeout: 3000 }).catch(() => {});
  check(await page.evaluate(() => document.documentElement.dataset.theme) === 'dark', 'dark theme');
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(shots, 't3-03-dark.png'), fullPage: true });

  // A checkpoint without coupling: Ω / R and trivectors are shown as absent, not as zeros.
  const p = expected.plain;
  await page.goto(`${base}/?view=t3&t3=${encodeURIComponent(p.path)}`);
  await page.waitForSelector('.t3-view[data-ready="true"]', { timeout: 20000 });
  check(await page.locator('[data-absent-field="omega_flat"]').count() === 1, 'omega_flat shown as not in this checkpoint');
  check(await page.locator('[data-absent-field="trivectors"]').count() === 1, 'trivectors shown as not in this checkpoint');
  check(await page.locator('[data-matrix="rotation"]').count() === 0, 'no rotation matrix drawn');
  check((await page.locator('[data-cap="has_coupling"]').innerText()).includes('not in this checkpoint'), 'capability flag has_coupling: absent');
  await expectFrame(p.frames.first, 'plain first frame');
  await page.screenshot({ path: join(shots, 't3-04-no-coupling-dark.png'), fullPage: true });
  await page.click('button.theme');
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(shots, 't3-05-no-coupling-light.png'), fullPage: true });

  check(errors.length === 0, `no page errors ${errors.join('; ')}`);
  console.log('T3 E2E PASSED');
} finally {
  await context.close();
}

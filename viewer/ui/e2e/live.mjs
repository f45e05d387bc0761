// Live capture, two-run compare and a real stories260K run in the browser:
//   node e2e/live.mjs BASE_URL EXPECTED_JSON SCREENSHOT_DIR RESULT_JSON
// EXPECTED_JSON (LiveE2ETest) names the real run and one of its tokens read from its trace.json; RESULT_JSON gets what
// the page showed (live run path and token count, opened diff path and pair count) for the Java side to check on disk.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './browser.mjs';

const [base, expectedFile, shots, resultFile] = process.argv.slice(2);
const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
mkdirSync(shots, { recursive: true });
const check = (cond, msg) => { if (!cond) throw new Error(msg); console.log('ok -', msg); };
const near = (a, b, tol, msg) => check(Math.abs(a - b) <= tol, `${msg} (${a} vs ${b})`);
const param = (page, name) => new URL(page.url()).searchParams.get(name);

const context = await launch();
const page = context.pages()[0] || await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
const result = {};
try {
  // A real stories260K capture (made by the test through the capture API): every token, hover, pin.
  const r = expected.real;
  await page.goto(`${base}/?run=${encodeURIComponent(r.run)}`);
  await page.waitForSelector(`[data-step="${r.steps - 1}"]`);
  check(await page.locator('[data-step]').count() === r.steps, `real run shows its ${r.steps} generated tokens`);
  check(await page.locator('[data-prompt-position]').count() === r.prompt, `and its ${r.prompt} prompt tokens`);
  await page.hover(`[data-step="${r.token.step}"]`);
  const tip = page.locator('.tooltip');
  await tip.waitFor();
  check(await tip.locator('.tt-id').innerText() === String(r.token.token_id), `tooltip token id ${r.token.token_id}`);
  check(await tip.locator('.tt-text').innerText() === r.token.visible_text, `tooltip text '${r.token.visible_text}'`);
  near(parseFloat(await tip.locator('[data-metric="probability"]').innerText()), r.token.prob, 5e-4, 'tooltip probability');
  await page.screenshot({ path: join(shots, 'live-01-real-hover.png') });
  await page.click(`[data-step="${r.token.step}"]`);
  await page.waitForFunction((p) => new URLSearchParams(location.search).get('pin') === p, `s${r.token.step}`);
  await page.mouse.move(5, 5);
  await page.keyboard.press('j');
  await page.waitForFunction((p) => new URLSearchParams(location.search).get('pin') === p, `s${r.token.step + 1}`);
  check(true, 'click pins a real token, j moves the pin');
  await page.click('[data-view="attention"]');
  await page.locator('canvas.head-grid').waitFor();
  check(true, 'attention grid of the real run');
  await page.screenshot({ path: join(shots, 'live-02-real-attention.png'), fullPage: true });

  // Live capture from the form: tokens appear while it runs, then the saved run is in the run list.
  await page.click('[data-view="live"]');
  await page.locator('select[aria-label="model"] option').first().waitFor({ state: 'attached' });
  await page.selectOption('select[aria-label="model"]', 'stories260K');
  await page.fill('textarea[aria-label="prompt"]', 'The little cat');
  await page.fill('input[name="max_new_tokens"]', String(expected.live_tokens));
  await page.fill('input[name="temperature"]', '0');
  // Count the tokens on the page while the capture still says it is running: they must arrive before the end.
  await page.evaluate(() => {
    window.__seenWhileRunning = 0;
    new MutationObserver(() => {
      if (document.querySelector('.live-status[data-status="running"]')) {
        window.__seenWhileRunning = Math.max(window.__seenWhileRunning, document.querySelectorAll('.live [data-step]').length);
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.click('[data-action="start-capture"]');
  await page.waitForSelector('.live [data-step="0"]');
  check(true, 'the first streamed token appears');
  await page.waitForSelector('.live-status[data-status="done"]', { timeout: 60000 });
  const liveSteps = await page.locator('.live [data-step]').count();
  check(liveSteps > 0 && liveSteps <= expected.live_tokens, `live capture streamed ${liveSteps} tokens`);
  const steps = await page.locator('.live [data-step]').evaluateAll((els) => els.map((e) => +e.dataset.step));
  check(steps.every((s, i) => s === i), 'streamed steps are in order 0..n-1');
  const seen = await page.evaluate(() => window.__seenWhileRunning);
  check(seen >= 1, `${seen} tokens were on the page while the capture was still running`);
  await page.screenshot({ path: join(shots, 'live-03-capture.png'), fullPage: true });
  const liveRun = await page.locator('[data-action="open-live-run"]').innerText();
  await page.waitForFunction((run) => [...document.querySelectorAll('select[aria-label="run"] option')].some((o) => o.value === run), liveRun);
  check(true, `the saved run ${liveRun} is in the run list`);
  await page.click('[data-action="open-live-run"]');
  // The live view and the run view both render [data-step]; wait until the live view is gone, the URL names the saved
  // run and that run's tokens have all been rendered (the run view loads its steps after the switch).
  await page.waitForFunction(([run, n]) => new URLSearchParams(location.search).get('run') === run
    && !document.querySelector('.live') && document.querySelectorAll('main [data-step]').length === n, [liveRun, liveSteps]);
  check(param(page, 'run') === liveRun && await page.locator('[data-step]').count() === liveSteps, 'the saved run opens with every token');
  result.live = { run: liveRun, steps: liveSteps };

  // Diff by choosing two runs.
  await page.click('[data-view="compare"]');
  await page.selectOption('select[aria-label="run A"]', expected.compare.a);
  await page.selectOption('select[aria-label="run B"]', expected.compare.b);
  await page.selectOption('select[aria-label="alignment mode"]', expected.compare.mode);
  await page.click('[data-action="compare"]');
  await page.waitForSelector('[data-diff-step="0"]', { timeout: 60000 });
  check(param(page, 'view') === 'diff', 'the comparison opens in the diff view');
  result.diff = { path: param(page, 'diff'), steps: await page.locator('[data-diff-step]').count(),
    mismatches: await page.locator('.pair.mismatch').count() };
  await page.locator('.activation-diff canvas.act-matrix').waitFor();
  await page.screenshot({ path: join(shots, 'live-04-compare-diff.png'), fullPage: true });
  check(errors.length === 0, 'no page errors ' + errors.join('; '));
  writeFileSync(resultFile, JSON.stringify(result));
  console.log('E2E PASSED');
} finally {
  await context.close();
}

import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { Matrix, NeuronBars } from './ActivationsView.jsx';
import { fmt, visible } from './metrics.js';
import { hex, textOn, viridis } from './color.js';

/** Diff mode: the compare module's token diff side by side, and/or an activation diff's layer × step heatmaps. */
export function DiffView({ path, kind }) {
  const [tokens, setTokens] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    setTokens(null); setError(null);
    if (kind === 'token') api('diff/tokens', { path }).then(setTokens).catch((e) => setError(e.message));
  }, [path, kind]);
  if (error) return <section class="panel"><p class="error">{error}</p></section>;
  const activationPath = kind === 'activation' ? path : tokens?.activation_diff_path;
  return (
    <div>
      {tokens && <TokenDiff diff={tokens} />}
      {activationPath && <ActivationDiff path={activationPath} />}
      {kind === 'token' && tokens && !activationPath && <p class="muted">No activation diff found beside this token diff.</p>}
    </div>
  );
}

const COLOUR_BY = [['abs_logprob_delta', '|Δ logprob|'], ['js_divergence', 'JS divergence']];

function TokenDiff({ diff }) {
  const [by, setBy] = useState('abs_logprob_delta');
  const value = (s) => (by === 'js_divergence' ? s.js_divergence : Math.abs(s.logprob_delta));
  const vals = diff.steps.map(value).filter((v) => v != null);
  const hi = Math.max(...vals, 1e-9);
  const a = diff.alignment, sum = diff.summary || {};
  const mismatches = diff.steps.filter((s) => s.a.token_id !== s.b.token_id).length;
  return (
    <section class="panel token-diff">
      <h3>Token diff</h3>
      <p>A: <b>{diff.a?.model || diff.a?.trace}</b> · B: <b>{diff.b?.model || diff.b?.trace}</b> · alignment {a?.mode}
        {a?.applied_mode && a.applied_mode !== a.mode ? ` → ${a.applied_mode}` : ''} · {diff.steps.length} aligned steps
        ({a?.unpaired_steps_a ?? 0} / {a?.unpaired_steps_b ?? 0} unpaired) · <span data-figure="mismatches">{mismatches}</span> token mismatches
        · top-1 agreement {fmt(sum.top1_agreement_rate)} · mean JS {fmt(sum.mean_js_divergence)}</p>
      <label>colour by <select aria-label="diff colour" value={by} onChange={(e) => setBy(e.target.value)}>
        {COLOUR_BY.map(([k, l]) => <option value={k}>{l}</option>)}
      </select></label> <span class="muted">purple = the runs agree, yellow = they differ most; red frame = different tokens</span>
      <div class="diff-tokens">
        {diff.steps.map((s) => {
          const v = value(s);
          const fill = viridis(v == null ? NaN : v / hi);
          const style = { background: hex(fill), color: textOn(fill) };
          return (
            <span class={'pair' + (s.a.token_id !== s.b.token_id ? ' mismatch' : '')} data-diff-step={s.step}
              title={`step ${s.step}: A p=${fmt(s.a.prob)} H=${fmt(s.a.entropy)} · B p=${fmt(s.b.prob)} H=${fmt(s.b.entropy)} · Δlogprob ${fmt(s.logprob_delta)} · JS ${fmt(s.js_divergence)}`}>
              <span class="side" style={style}>{visible(s.a.text)}</span>
              <span class="side" style={style}>{visible(s.b.text)}</span>
            </span>
          );
        })}
      </div>
    </section>
  );
}

function ActivationDiff({ path }) {
  const [header, setHeader] = useState(null);
  const [submodule, setSubmodule] = useState(null);
  const [metric, setMetric] = useState('l2');
  const [matrix, setMatrix] = useState(null);
  const [sel, setSel] = useState(null);
  const [cell, setCell] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api('diff/activation/header', { path }).then((h) => { setHeader(h); setSubmodule(h.submodules[0]); })
      .catch((e) => setError(e.message));
  }, [path]);
  useEffect(() => {
    if (!submodule) return;
    api('diff/activation/matrix', { path, submodule, metric }).then(setMatrix).catch((e) => setError(e.message));
  }, [path, submodule, metric]);
  useEffect(() => {
    setCell(null);
    if (sel) api('diff/activation/cell', { path, step: sel.step, layer: sel.layer, submodule }).then(setCell).catch(() => {});
  }, [path, sel, submodule]);
  if (error) return <section class="panel"><p class="muted">Activation diff: {error}</p></section>;
  if (!header) return null;
  const al = header.alignment;
  return (
    <section class="panel activation-diff">
      <h3>Activation diff</h3>
      <p>mode {al.mode} · {header.steps} aligned steps · {al.mismatches.length} unaligned
        {al.tokenizer_a_fingerprint !== al.tokenizer_b_fingerprint ? ' · different tokenizers' : ''}</p>
      <div class="row controls">
        <label>submodule <select aria-label="diff submodule" value={submodule} onChange={(e) => setSubmodule(e.target.value)}>
          {header.submodules.map((s) => <option value={s}>{s}</option>)}
        </select></label>
        <label>metric <select aria-label="diff metric" value={metric} onChange={(e) => setMetric(e.target.value)}>
          <option value="l2">l2 of (a − b)</option><option value="cosine">cosine(a, b)</option>
        </select></label>
      </div>
      {matrix && <Matrix matrix={matrix} step={sel?.step} layer={sel?.layer} onSelect={(step, layer) => setSel({ step, layer })} />}
      {cell && cell.step === sel?.step && cell.layer === sel?.layer && (
        <div class="cell" data-diff-cell={`${sel.step}:${sel.layer}`}>
          <h4>Step {sel.step}, layer {sel.layer}, {submodule}: l2 {fmt(cell.l2)} · cosine {fmt(cell.cosine)}</h4>
          <p class="muted">Top changed neurons (a − b)</p>
          <NeuronBars neurons={cell.top_changed_neurons.map((n) => [n.index, n.delta])} />
        </div>
      )}
      {al.mismatches.length > 0 && <details><summary>{al.mismatches.length} unaligned steps</summary>
        <ul>{al.mismatches.slice(0, 200).map((m) => <li>A {m.step_a ?? '–'} · B {m.step_b ?? '–'}: {m.reason}</li>)}</ul></details>}
    </section>
  );
}

import { useState } from 'preact/hooks';
import { post } from './api.js';

const MODES = ['auto', 'token_id', 'position'];

/** Diff by choosing two runs: the server runs compare_activations into diffs/ and the result opens in the diff view. */
export function CompareView({ runs, onOpen }) {
  const [a, setA] = useState(runs[0]?.path || '');
  const [b, setB] = useState(runs[1]?.path || '');
  const [mode, setMode] = useState('auto');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const pick = (label, value, setter) => (
    <label>{label} <select aria-label={'run ' + label} value={value} onChange={(e) => setter(e.target.value)}>
      {runs.map((r) => <option value={r.path}>{r.path}</option>)}
    </select></label>
  );
  const go = (e) => {
    e.preventDefault();
    setBusy(true); setError(null); setDone(null);
    post('diff/compare', { a, b, mode })
      // A notice (compared from summaries) is shown first; otherwise the diff opens at once.
      .then((d) => (d.notice ? setDone(d) : onOpen(d.token_diff || d.activation_diff)))
      .catch((err) => setError(err.message))
      .finally(() => setBusy(false));
  };
  return (
    <form class="panel compare-form" onSubmit={go}>
      <h3>Compare two runs</h3>
      {pick('A', a, setA)}
      {pick('B', b, setB)}
      <label>alignment <select aria-label="alignment mode" value={mode} onChange={(e) => setMode(e.target.value)}>
        {MODES.map((m) => <option value={m}>{m}</option>)}
      </select></label>
      <button type="submit" data-action="compare" disabled={busy || !a || !b}>{busy ? 'Comparing…' : 'Compare'}</button>
      <p class="muted">Writes diffs/A_vs_B.MODE.json (and .tokens.json) under the served directory; existing files are
        never overwritten. Runs without activation sidecars are compared from their inline summaries.</p>
      {error && <p class="error" role="alert">{error}</p>}
      {done && <p class="notice" role="status">{done.notice}.{' '}
        <a href="#" data-action="open-diff" onClick={(e) => { e.preventDefault(); onOpen(done.token_diff || done.activation_diff); }}>Open the diff</a></p>}
    </form>
  );
}

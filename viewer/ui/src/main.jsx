import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { listing, loadRun, offline, apiKey } from './api.js';
import { TokenHeatmap } from './TokenHeatmap.jsx';
import { AttentionView } from './AttentionView.jsx';
import { ActivationsView } from './ActivationsView.jsx';
import { DiffView } from './DiffView.jsx';
import { LiveView } from './LiveView.jsx';
import { CompareView } from './CompareView.jsx';
import { tokensOf } from './tokens.js';
import { T3View } from './t3/T3View.jsx';
import { METRICS } from './metrics.js';
import './style.css';

// Deep-link state lives in the URL: run, view, pinned token (s12 = step 12, p3 = prompt position 3), layer, head, metric;
// for T³, the trace and the frame shown (its ordinal in file order).
function readUrl() {
  const q = new URLSearchParams(location.search);
  return {
    run: q.get('run'), diff: q.get('diff'), t3: q.get('t3'), view: q.get('view') || 'tokens', pin: q.get('pin'), metric: q.get('metric') || 'probability',
    layer: q.get('layer') == null ? null : +q.get('layer'), head: q.get('head') == null ? null : +q.get('head'),
    frame: q.get('frame') == null ? null : +q.get('frame'),
  };
}

function writeUrl(state) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) if (v != null && v !== '') q.set(k, v);
  history.replaceState(null, '', '?' + q.toString());
}

// Views that show something other than the chosen run.
const OWN_VIEWS = ['diff', 't3', 'live', 'compare'];

function App() {
  const [state, setState] = useState(readUrl);
  const [index, setIndex] = useState(null);
  const [run, setRun] = useState(null);
  const [error, setError] = useState(null);
  const [theme, setTheme] = useState(localStorage.getItem('heatmap-theme') || 'light');
  const update = (patch) => setState((s) => ({ ...s, ...patch }));

  useEffect(() => { document.documentElement.dataset.theme = theme; localStorage.setItem('heatmap-theme', theme); }, [theme]);
  useEffect(() => { writeUrl(state); }, [state]);
  const refreshIndex = () => listing(true).then(setIndex).catch((e) => setError(e.message));
  useEffect(() => {
    listing().then((l) => {
      setIndex(l);
      if (!state.run && l.runs.length === 1) update({ run: l.runs[0].path });
    }).catch((e) => setError(e.message));
  }, []);
  useEffect(() => {
    if (!state.run) return;
    setRun(null);
    loadRun(state.run).then((r) => { setRun(r); window.__heatmapReady = true; }).catch((e) => setError(e.message));
  }, [state.run]);

  const tokens = useMemo(() => (run ? tokensOf(run.header.prompt_tokens, run.steps) : []), [run]);
  const pinned = tokens.find((t) => t.key === state.pin) || null;

  return (
    <div class="app">
      <header class="bar">
        <strong class="brand">Token Heatmap</strong>
        <select aria-label="run" value={state.run || ''} onChange={(e) => update({ run: e.target.value, pin: null })}>
          <option value="" disabled>choose a run…</option>
          {index?.runs.map((r) => <option value={r.path}>{r.path}</option>)}
        </select>
        {index?.diffs.length > 0 && (
          <select aria-label="diff" value={state.diff || ''} onChange={(e) => update({ diff: e.target.value, view: 'diff' })}>
            <option value="" disabled>open a diff…</option>
            {index.diffs.map((d) => <option value={d.path}>{d.kind} diff: {d.path}</option>)}
          </select>
        )}
        {index?.t3?.length > 0 && (
          <select aria-label="t3 trace" value={state.t3 || ''} onChange={(e) => update({ t3: e.target.value, view: 't3', frame: null })}>
            <option value="" disabled>open a T³ trace…</option>
            {index.t3.map((t) => <option value={t.path}>T³: {t.path}</option>)}
          </select>
        )}
        <nav class="tabs" role="tablist">
          {[['tokens', 'Tokens'], ['attention', 'Attention'], ['activations', 'Activations'], ...(state.diff ? [['diff', 'Diff']] : []), ...(state.t3 ? [['t3', 'T³']] : []), ...(offline ? [] : [['compare', 'Compare'], ['live', 'Live']])].map(([v, label]) => (
            <button role="tab" data-view={v} aria-selected={state.view === v} onClick={() => update({ view: v })}>{label}</button>
          ))}
        </nav>
        <label>colour by <select aria-label="metric" value={state.metric} onChange={(e) => update({ metric: e.target.value })}>
          {METRICS.map((m) => <option value={m}>{m}</option>)}
        </select></label>
        <span class="spacer" />
        {run && !offline && <ExportMenu run={state.run} metric={state.metric} />}
        <button class="theme" aria-label="toggle theme" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
          {theme === 'dark' ? '☀ light' : '☾ dark'}
        </button>
      </header>
      {error && <div class="error" role="alert">{error}</div>}
      {state.view === 'diff' && state.diff && index && (
        <main><DiffView path={state.diff} kind={index.diffs.find((d) => d.path === state.diff)?.kind} /></main>
      )}
      {state.view === 't3' && state.t3 && <main><T3View path={state.t3} frame={state.frame}
        onFrame={(frame) => update({ frame })} /></main>}
      {state.view === 'live' && <main><LiveView metric={state.metric} onSaved={refreshIndex}
        onOpen={(r) => update({ run: r, view: 'tokens', pin: null })} /></main>}
      {state.view === 'compare' && index && <main><CompareView runs={index.runs}
        onOpen={(d) => refreshIndex().then(() => update({ diff: d, view: 'diff' }))} /></main>}
      {!OWN_VIEWS.includes(state.view) && !run && !error && <div class="empty">{state.run ? 'Loading…' : 'Choose a run.'}</div>}
      {run && !OWN_VIEWS.includes(state.view) && (
        <main>
          <RunHeader header={run.header} />
          <TokenHeatmap tokens={tokens} metric={state.metric} pinned={pinned}
            onPin={(t) => update({ pin: t ? t.key : null })} compact={state.view !== 'tokens'} />
          {state.view === 'attention' && (
            <AttentionView run={state.run} header={run.header} tokens={tokens} pinned={pinned}
              layer={state.layer} head={state.head} onSelect={(layer, head) => update({ layer, head })} />
          )}
          {state.view === 'activations' && (
            <ActivationsView run={state.run} pinned={pinned} layer={state.layer}
              onSelect={(step, layer) => update({ pin: 's' + step, layer })} />
          )}
        </main>
      )}
    </div>
  );
}

function ExportMenu({ run, metric }) {
  return (
    <span class="export">
      <a class="button" data-export="html" href={apiKey('export/html', { run })} download>Export HTML</a>
      <a class="button" data-export="svg" href={apiKey('export/svg', { run, metric })} download>SVG</a>
    </span>
  );
}

function RunHeader({ header }) {
  const m = header.model, s = header.summary, g = header.generation, src = header.source;
  if (src) {
    // An imported run (heatmap import): the API tells no architecture or sampling, and its scores are bounds.
    return (
      <section class="run-header" data-source="api">
        <span><b>{m.name}</b> · imported from {src.provider} · {g.mode} · stop: {g.stop_reason}</span>
        <span>entropy is a lower bound from the top-{src.top_logprobs} · rank known only within them · no attention or activations</span>
      </section>
    );
  }
  return (
    <section class="run-header">
      <span><b>{m.name}</b> · {m.architecture} · {m.quantization} · {m.num_layers} layers × {m.num_attention_heads} heads ({m.num_key_value_heads} kv)</span>
      <span>{g.mode} · T={g.temperature} · top-k {g.top_k} · top-p {g.top_p} · seed {g.seed} · stop: {g.stop_reason}</span>
    </section>
  );
}

render(<App />, document.getElementById('app'));

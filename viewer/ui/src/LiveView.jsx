import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, post } from './api.js';
import { TokenHeatmap } from './TokenHeatmap.jsx';
import { tokensOf } from './tokens.js';

const DEFAULTS = {
  model: '', prompt: 'Once upon a time', max_new_tokens: 64, temperature: 0.8, top_k: 40, top_p: 0.95, seed: 42,
  attention: true, activations: true, full_sidecars: false, qkv: false,
};
const NUMBERS = [['max_new_tokens', 'max new tokens', 1], ['temperature', 'temperature', 0.05], ['top_k', 'top-k', 1],
  ['top_p', 'top-p', 0.01], ['seed', 'seed', 1]];
const PROBES = [['attention', 'attention'], ['activations', 'activations'], ['full_sidecars', 'full sidecars (Tier 2)'], ['qkv', 'Q/K/V']];

/** Live capture: a form that starts a capture on the server, then its steps streamed (SSE) into the token heatmap. */
export function LiveView({ metric, onSaved, onOpen }) {
  const [models, setModels] = useState([]);
  const [form, setForm] = useState(DEFAULTS);
  const [live, setLive] = useState(null);
  const [error, setError] = useState(null);
  const [pin, setPin] = useState(null);
  const set = (k, v) => setForm((f) => ({ ...f, [k]: v }));

  useEffect(() => {
    api('capture/models').then((m) => { setModels(m.models); setForm((f) => ({ ...f, model: f.model || m.models[0] || '' })); })
      .catch((e) => setError(e.message));
  }, []);

  // One EventSource per session; a reconnect replays the session, so steps are appended only in order.
  useEffect(() => {
    if (!live?.session) return undefined;
    const source = new EventSource('api/capture/events');
    const on = (name, handle) => source.addEventListener(name, (e) => {
      if (+e.lastEventId.split('-')[0] === live.session) handle(JSON.parse(e.data));
    });
    on('started', (d) => setLive((l) => ({ ...l, prompt_tokens: d.prompt_tokens, planned: d.planned_steps })));
    on('step', (d) => setLive((l) => (d.step === l.steps.length ? { ...l, steps: [...l.steps, d] } : l)));
    on('done', (d) => { setLive((l) => ({ ...l, status: 'done', stop_reason: d.stop_reason })); source.close(); onSaved(d.run); });
    on('failed', (d) => { setLive((l) => ({ ...l, status: 'failed' })); setError(d.error); source.close(); });
    return () => source.close();
  }, [live?.session]);

  const start = (e) => {
    e.preventDefault();
    setError(null); setPin(null);
    const body = { ...form };
    for (const [k] of NUMBERS) body[k] = Number(body[k]);
    post('capture/start', body)
      .then((s) => setLive({ session: s.session, run: s.run, prompt_tokens: [], steps: [], status: 'running' }))
      .catch((err) => setError(err.message));
  };
  const stop = () => post('capture/stop', {}).catch((err) => setError(err.message));
  const tokens = useMemo(() => (live ? tokensOf(live.prompt_tokens, live.steps) : []), [live]);
  const running = live?.status === 'running';

  return (
    <div class="live">
      <form class="panel live-form" onSubmit={start}>
        <h3>Live capture</h3>
        <label>model <select aria-label="model" value={form.model} onChange={(e) => set('model', e.target.value)}>
          {models.map((m) => <option value={m}>{m}</option>)}
        </select></label>
        <label class="wide">prompt <textarea aria-label="prompt" rows={2} value={form.prompt} onInput={(e) => set('prompt', e.target.value)} /></label>
        {NUMBERS.map(([k, label, step]) => (
          <label>{label} <input type="number" name={k} step={step} value={form[k]} onInput={(e) => set(k, e.target.value)} /></label>
        ))}
        <fieldset><legend>capture</legend>
          {PROBES.map(([k, label]) => (
            <label><input type="checkbox" name={k} checked={form[k]} onChange={(e) => set(k, e.target.checked)} /> {label}</label>
          ))}
        </fieldset>
        <button type="submit" data-action="start-capture" disabled={running}>Capture</button>
        <button type="button" data-action="stop-capture" disabled={!running} onClick={stop}>Stop</button>
        {live && (
          <span class="live-status" data-status={live.status}>
            {live.status === 'running' && `capturing ${live.steps.length} / ${live.planned ?? '…'} tokens`}
            {live.status === 'done' && <>saved as <a href="#" data-action="open-live-run" onClick={(e) => { e.preventDefault(); onOpen(live.run); }}>{live.run}</a> ({live.steps.length} tokens, stop: {live.stop_reason})</>}
            {live.status === 'failed' && 'capture failed'}
          </span>
        )}
      </form>
      {error && <div class="error" role="alert">{error}</div>}
      {tokens.length > 0 && <TokenHeatmap tokens={tokens} metric={metric} pinned={tokens.find((t) => t.key === pin) || null}
        onPin={(t) => setPin(t ? t.key : null)} />}
    </div>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { paintGrid, columnAt } from './canvas.js';
import { fmt, visible } from './metrics.js';
import { hex, viridis } from './color.js';

const SUMMARIES = [['entropy', 'entropy (nats)'], ['max_weight', 'max weight'], ['sink_weight', 'sink weight (position 0)']];
const CELL = 22, GAP = 6;

/** Attention of the pinned step: layer × head grid of inline summaries, one head over the context, the sidecar row. */
export function AttentionView({ run, header, tokens, pinned, layer, head, onSelect }) {
  const [summary, setSummary] = useState(null);
  const [error, setError] = useState(null);
  const [which, setWhich] = useState('entropy');
  const step = pinned?.kind === 's' ? pinned.index : null;
  useEffect(() => {
    setSummary(null); setError(null);
    if (step == null) return;
    api('trace/attention', { run, step }).then(setSummary).catch((e) => setError(e.message));
  }, [run, step]);

  if (step == null) return <section class="panel"><p class="muted">Pin a generated token (click it) to see its attention.</p></section>;
  if (error) return <section class="panel"><p class="muted">No inline attention for step {step}: {error}</p></section>;
  if (!summary) return <section class="panel"><p>Loading attention…</p></section>;

  const kv = header.attention_metadata?.num_key_value_heads || header.model.num_key_value_heads;
  const group = Math.max(1, summary.heads / kv);
  const li = layer == null ? -1 : summary.layers.indexOf(layer);
  return (
    <section class="panel attention" data-step={step}>
      <h3>Attention at step {step} <code>{visible(pinned.text)}</code></h3>
      <div class="row">
        <div>
          <label>grid shows <select aria-label="attention summary" value={which} onChange={(e) => setWhich(e.target.value)}>
            {SUMMARIES.map(([k, l]) => <option value={k}>{l}</option>)}
          </select></label>
          <HeadGrid summary={summary} which={which} group={group} layerIndex={li} head={head}
            onSelect={(l, h) => onSelect(summary.layers[l], h)} />
          <p class="muted">Rows: layers {summary.layers[0]}…{summary.layers.at(-1)}. Columns: {summary.heads} query heads in {kv} groups sharing a KV head.</p>
        </div>
        {li >= 0 && head != null && (
          <div class="head-detail">
            <HeadDetail run={run} step={step} tokens={tokens} summary={summary} li={li} layer={layer} head={head} group={group}
              hasSidecar={pinned.attention_sidecar_ref != null} />
          </div>
        )}
      </div>
    </section>
  );
}

function HeadGrid({ summary, which, group, layerIndex, head, onSelect }) {
  const canvas = useRef(null);
  const values = summary[which];
  const flat = values.flat();
  const geometry = { cellW: CELL, cellH: CELL, gapEvery: group > 1 ? group : 0, gap: GAP };
  useEffect(() => {
    paintGrid(canvas.current, values, { ...geometry, lo: Math.min(...flat), hi: Math.max(...flat), invert: which === 'entropy' });
  }, [values, which]);
  const [tip, setTip] = useState(null);
  const cellAt = (e) => {
    const r = canvas.current.getBoundingClientRect();
    const l = Math.floor((e.clientY - r.top) / CELL), h = columnAt(e.clientX - r.left, geometry);
    return l >= 0 && l < values.length && h >= 0 && h < summary.heads ? { l, h } : null;
  };
  const x = (h) => h * CELL + (group > 1 ? Math.floor(h / group) * GAP : 0);
  return (
    <div class="grid-wrap">
      <div class="kv-labels">{Array.from({ length: summary.heads / group }, (_, g) =>
        <span style={{ left: x(g * group), width: group * CELL }}>kv {g}</span>)}</div>
      <div style={{ position: 'relative' }}>
        <canvas ref={canvas} class="head-grid" aria-label="layer by head grid"
          onMouseMove={(e) => setTip(cellAt(e))} onMouseLeave={() => setTip(null)}
          onClick={(e) => { const c = cellAt(e); if (c) onSelect(c.l, c.h); }} />
        {layerIndex >= 0 && head != null && <span class="grid-sel" style={{ left: x(head), top: layerIndex * CELL, width: CELL, height: CELL }} />}
        {tip && <span class="grid-tip">L{summary.layers[tip.l]} H{tip.h}: {fmt(values[tip.l][tip.h])}</span>}
      </div>
    </div>
  );
}

function HeadDetail({ run, step, tokens, summary, li, layer, head, group, hasSidecar }) {
  const top = summary.top[li][head];
  const nPrompt = tokens.filter((t) => t.kind === 'p').length;
  const keyLength = nPrompt + step;
  const weightOf = new Map(top.map(([p, w]) => [p, w]));
  const [row, setRow] = useState(null);
  const [rowError, setRowError] = useState(null);
  useEffect(() => {
    setRow(null); setRowError(null);
    if (!hasSidecar) return;
    api('trace/attention-sidecar', { run, step, layer, head }).then(setRow).catch((e) => setRowError(e.message));
  }, [run, step, layer, head, hasSidecar]);
  const weights = row ? row.weights : null;
  const context = tokens.slice(0, keyLength);
  return (
    <div>
      <h4>Layer {layer}, head {head} <span class="muted">(kv head {Math.floor(head / group)})</span></h4>
      <p>entropy {fmt(summary.entropy[li][head])} · max {fmt(summary.max_weight[li][head])} · sink {fmt(summary.sink_weight[li][head])}</p>
      <div class="context" aria-label="attended context">
        {context.map((t, pos) => {
          const w = weights ? weights[pos] : weightOf.get(pos) || 0;
          return <span class="ctx" data-position={pos} title={`position ${pos}: ${fmt(w)}`}
            style={{ background: `rgba(255, 120, 0, ${Math.min(1, w * 1.5)})` }}>{visible(t.text)}</span>;
        })}
      </div>
      <p class="muted">{weights ? 'Full attention row from the sidecar.' : `Top ${top.length} attended positions from the inline summary${hasSidecar ? (rowError ? ` (sidecar: ${rowError})` : '') : '; no sidecar for this step'}.`}</p>
      {weights && <RowChart weights={weights} />}
    </div>
  );
}

function RowChart({ weights }) {
  const canvas = useRef(null);
  useEffect(() => {
    const c = canvas.current, w = 600, h = 120;
    c.width = w; c.height = h;
    const ctx = c.getContext('2d');
    ctx.clearRect(0, 0, w, h);
    const max = Math.max(...weights, 1e-9), bw = w / weights.length;
    weights.forEach((v, i) => {
      ctx.fillStyle = hex(viridis(v / max));
      ctx.fillRect(i * bw, h - (v / max) * h, Math.max(1, bw - 0.5), (v / max) * h);
    });
  }, [weights]);
  return <canvas ref={canvas} class="row-chart" aria-label="attention row" />;
}

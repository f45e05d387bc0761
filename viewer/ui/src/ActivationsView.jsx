import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api } from './api.js';
import { paintGrid } from './canvas.js';
import { fmt } from './metrics.js';

const METRICS = ['l2_norm', 'mean_abs', 'sparsity'];
const ROW = 14;

/** Layer × step heatmaps of the activation summaries; a cell's top neurons; its raw vector from a sidecar. */
export function ActivationsView({ run, pinned, layer, onSelect }) {
  const [submodules, setSubmodules] = useState(null);
  const [submodule, setSubmodule] = useState(null);
  const [metric, setMetric] = useState('l2_norm');
  const [matrix, setMatrix] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api('trace/header', { run }).then((h) => {
      const subs = h.capture?.captured_submodules;
      return subs?.length ? subs : ['resid_post'];
    }).then((subs) => { setSubmodules(subs); setSubmodule(subs[0]); });
  }, [run]);
  useEffect(() => {
    if (!submodule) return;
    setMatrix(null); setError(null);
    api('activations/matrix', { run, submodule, metric }).then(setMatrix).catch((e) => setError(e.message));
  }, [run, submodule, metric]);
  const step = pinned?.kind === 's' ? pinned.index : null;

  return (
    <section class="panel activations">
      <div class="row controls">
        <label>submodule <select aria-label="submodule" value={submodule} onChange={(e) => setSubmodule(e.target.value)}>
          {submodules?.map((s) => <option value={s}>{s}</option>)}
        </select></label>
        <label>metric <select aria-label="activation metric" value={metric} onChange={(e) => setMetric(e.target.value)}>
          {METRICS.map((m) => <option value={m}>{m}</option>)}
        </select></label>
      </div>
      {error && <p class="muted">No activations: {error}</p>}
      {matrix && <Matrix matrix={matrix} step={step} layer={layer} onSelect={onSelect} />}
      {matrix && step != null && layer != null && <Cell key={`${step}:${layer}:${submodule}`} run={run} step={step} layer={layer} submodule={submodule} />}
    </section>
  );
}

export function Matrix({ matrix, step, layer, onSelect }) {
  const canvas = useRef(null);
  const cellW = Math.max(1, Math.min(24, Math.floor(1100 / Math.max(1, matrix.steps))));
  useEffect(() => {
    paintGrid(canvas.current, matrix.values, { lo: matrix.min, hi: matrix.max, cellW, cellH: ROW });
  }, [matrix]);
  const li = layer == null ? -1 : matrix.layers.indexOf(layer);
  const click = (e) => {
    const r = canvas.current.getBoundingClientRect();
    const s = Math.floor((e.clientX - r.left) / cellW), l = Math.floor((e.clientY - r.top) / ROW);
    if (s >= 0 && s < matrix.steps && l >= 0 && l < matrix.layers.length) onSelect(s, matrix.layers[l]);
  };
  return (
    <div>
      <div class="matrix-wrap">
        <div class="layer-axis">{matrix.layers.map((l) => <span style={{ height: ROW }}>L{l}</span>)}</div>
        <div style={{ position: 'relative', overflowX: 'auto' }}>
          <canvas ref={canvas} class="act-matrix" aria-label="layer by step matrix" onClick={click} />
          {step != null && <span class="col-sel" style={{ left: step * cellW, width: Math.max(2, cellW), height: matrix.layers.length * ROW }} />}
          {li >= 0 && <span class="row-sel" style={{ top: li * ROW, height: ROW, width: matrix.steps * cellW }} />}
        </div>
      </div>
      <p class="muted">{matrix.metric} of {matrix.submodule}: {fmt(matrix.min)} (purple) … {fmt(matrix.max)} (yellow); rows = layers, columns = steps. Click a cell.</p>
    </div>
  );
}

function Cell({ run, step, layer, submodule }) {
  const [cell, setCell] = useState(null);
  const [error, setError] = useState(null);
  const [vector, setVector] = useState(null);
  useEffect(() => {
    setCell(null); setVector(null); setError(null);
    api('activations/cell', { run, step, layer, submodule }).then((c) => {
      setCell(c);
      if (c.activation_sidecar_ref) api('activations/vector', { run, step, layer, submodule }).then(setVector).catch(() => {});
    }).catch((e) => setError(e.message));
  }, [run, step, layer, submodule]);
  if (error) return <p class="muted">Cell step {step}, layer {layer}: {error}</p>;
  if (!cell) return null;
  return (
    <div class="cell" data-cell={`${step}:${layer}`}>
      <h4>Step {step}, layer {layer}, {submodule}</h4>
      <p>l2 {fmt(cell.l2_norm)} · mean |x| {fmt(cell.mean_abs)} · sparsity {fmt(cell.sparsity)}</p>
      <NeuronBars neurons={cell.top_neurons.map((n) => [n.index, n.value])} />
      {vector && <VectorPlot values={vector.values} />}
      {!cell.activation_sidecar_ref && <p class="muted">No activation sidecar for this step (capture with --capture-full-activations).</p>}
    </div>
  );
}

function VectorPlot({ values }) {
  const el = useRef(null);
  useEffect(() => {
    const xs = values.map((_, i) => i);
    const plot = new uPlot({
      width: 700, height: 180, legend: { show: false },
      scales: { x: { time: false } },
      series: [{ label: 'neuron' }, { label: 'value', stroke: '#21918c', width: 1 }],
      axes: [{ stroke: 'currentColor' }, { stroke: 'currentColor' }],
    }, [xs, values], el.current);
    return () => plot.destroy();
  }, [values]);
  return <div ref={el} class="vector-plot" aria-label="raw activation vector" />;
}

/** Signed bars for [index, value] pairs (top neurons, or top changed neurons of a diff). */
export function NeuronBars({ neurons }) {
  const max = Math.max(...neurons.map(([, v]) => Math.abs(v)), 1e-9);
  return (
    <div class="neurons">
      {neurons.map(([index, value]) => (
        <div class="neuron" data-neuron={index}>
          <span class="num">#{index}</span>
          <span class="bar signed"><span class={value < 0 ? 'neg' : 'pos'} style={{ width: `${(Math.abs(value) / max * 50).toFixed(1)}%` }} /></span>
          <span class="num">{fmt(value)}</span>
        </div>
      ))}
    </div>
  );
}

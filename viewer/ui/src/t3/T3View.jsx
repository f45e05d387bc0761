import { useEffect, useMemo, useState } from 'preact/hooks';
import { t3Chain, t3Frame, t3Geometry, t3Meta, t3Summary, t3Timeline } from './t3api.js';
import { TorusView } from './TorusView.jsx';
import { Matrix } from './Matrix.jsx';
import { ActCharts } from './ActCharts.jsx';
import { Timeline } from './Timeline.jsx';
import { FrameDetail } from './FrameDetail.jsx';
import { fmt } from './scales.js';
import './t3.css';

/** Fetches once per argument, keeping only the latest answer; returns [value, error]. */
function useLoad(fn, deps) {
  const [state, setState] = useState([null, null]);
  useEffect(() => {
    let live = true;
    setState(([v]) => [v, null]);
    const p = fn();
    if (!p) return undefined;
    p.then((v) => live && setState([v, null]), (e) => live && setState([null, e.message]));
    return () => { live = false; };
  }, deps);
  return state;
}

/** The T³ ecology trace view: capabilities, stage geometry on the torus, ACT per token, and the frame scrubber. */
export function T3View({ path, frame: linkedFrame, onFrame }) {
  const [geomStage, setGeomStage] = useState(null);   // null: follow the shown frame's stage
  const [threshold, setThreshold] = useState(0.5);
  useEffect(() => { setGeomStage(null); }, [path]);
  const [meta, metaError] = useLoad(() => t3Meta(path), [path]);
  // The shown frame lives in the URL (deep link); a link past the end of this trace shows its last frame.
  const last = Math.max(0, (meta?.frame_count ?? 1) - 1);
  const ordinal = Math.min(Math.max(0, Math.trunc(linkedFrame) || 0), last);
  const setOrdinal = (o) => onFrame(o);
  const [summary] = useLoad(() => meta && t3Summary(path), [meta]);
  const [timeline] = useLoad(() => meta && t3Timeline(path, meta.frame_count), [meta]);
  const [chain] = useLoad(() => meta && t3Chain(path, meta.chain_state_count), [meta]);
  const [frame, frameError] = useLoad(() => meta && meta.frame_count > 0 && t3Frame(path, ordinal), [meta, ordinal]);
  const stage = geomStage ?? frame?.key.stage_idx ?? 0;
  const [geometry] = useLoad(() => meta && t3Geometry(path, stage), [meta, stage]);

  const error = metaError || frameError;
  if (error) return <div class="error" role="alert">{error}</div>;
  if (!meta) return <div class="empty">Loading {path}…</div>;
  const m = meta.meta, ready = !!(summary && timeline && chain && frame && geometry);
  return (
    <div class="t3-view" data-ready={ready ? 'true' : 'false'}>
      <TraceHeader path={path} meta={meta} summary={summary} />
      <section class="panel">
        <h3>Frames</h3>
        {timeline && <Timeline timeline={timeline} ordinal={ordinal} onSeek={setOrdinal} />}
        {frame && <FrameDetail data={frame} meta={m} />}
      </section>
      <section class="panel">
        <h3>
          Stage geometry on T³{' '}
          <select aria-label="geometry stage" value={geomStage ?? ''} onChange={(e) => setGeomStage(e.currentTarget.value === '' ? null : +e.currentTarget.value)}>
            <option value="">stage of the shown frame ({frame?.key.stage_idx ?? 0})</option>
            {meta.stages.map((s) => <option value={s}>stage {s}</option>)}
          </select>
          <label class="t3-threshold">edges at kernel ≥ <input type="range" aria-label="blockade threshold" min={0.05} max={0.95} step={0.05}
            value={threshold} onInput={(e) => setThreshold(+e.currentTarget.value)} /> {threshold.toFixed(2)}</label>
        </h3>
        {geometry && <Geometry geometry={geometry} threshold={threshold}
          qKind={frame && frame.key.stage_idx === geometry.geom.stage_idx ? frame.q_kind : null} />}
      </section>
      <section class="panel">
        <h3>ACT per token {frame && <span class="muted">— token {frame.key.chain_forward} follows the shown frame</span>}</h3>
        {chain && <ActCharts chain={chain} token={frame ? frame.key.chain_forward : 0} caps={m.capabilities} />}
      </section>
    </div>
  );
}

/** Stored geometry within this of the recomputed one is shown as a number only. */
const DEVIATION_SHOWN = 1e-6;

const FLAGS = [['has_coupling', 'coupling Ω'], ['has_trivectors', 'trivectors'], ['has_dyn_omega', 'dynamic Ω'],
  ['has_inter_stage_pc', 'inter-stage PC'], ['has_scratchpad', 'scratchpad']];

function TraceHeader({ path, meta, summary: s }) {
  const m = meta.meta, c = m.capabilities;
  const p = m.primitive_signature.filter((x) => x > 0).length, q = m.primitive_signature.length - p;
  return (
    <section class="panel t3-header">
      <div class="t3-title"><b>{m.lineage}</b> · {m.ckpt} · <code>{m.prompt_id}</code> · {m.created} <span class="muted">({path}, schema v{m.schema_version})</span></div>
      <div class="t3-prompt">“{m.prompt}”</div>
      <div class="summary">
        {[['stages', m.n_stages], ['heads', m.n_heads], ['primitives', `${c.n_primitives} · Cl(${p},${q})`], ['tokens', m.n_tokens],
          ['chain states', meta.chain_state_count], ['frames', meta.frame_count], ['mean ponder', s ? fmt(s.ponder_depth.mean, 2) : '…']]
          .map(([label, v]) => <span class="figure" data-figure={label}><small>{label}</small>{v}</span>)}
      </div>
      <div class="t3-caps">
        {FLAGS.map(([key, label]) => (
          <span class={`cap ${c[key] ? 'on' : 'off'}`} data-cap={key} title={key}>
            {c[key] ? '✓' : '✗'} {label}{c[key] ? '' : c[key] === false ? ': not in this checkpoint' : ': not recorded'}
          </span>
        ))}
        {[['null_cone_strength', 'null-cone'], ['hamiltonian_coupling', 'ω'], ['sigma_hidden', 'σ hidden']].map(([key, label]) =>
          c[key] != null && <span class="cap num">{label} {c[key]}</span>)}
      </div>
      {s ? <StageTable summary={s} /> : <p class="muted">Summarising the trace…</p>}
    </section>
  );
}

function StageTable({ summary: s }) {
  const pct = (x) => (100 * x).toFixed(1) + '%';
  return (
    <>
      <table class="t3-qdist">
        <thead><tr><th>stage</th><th>frames</th><th>ACT calls</th><th>spacelike</th><th>timelike</th><th>null</th>
          <th>suppression mean</th><th>self-surprise mean</th></tr></thead>
        <tbody>{s.stages.map((a) => {
          const d = s.q_distribution[a.stage_idx];
          return <tr><td>{a.stage_idx}</td><td class="num">{a.frames}</td><td class="num">{a.act_calls}</td><td class="num">{pct(d.spacelike)}</td>
            <td class="num">{pct(d.timelike)}</td><td class="num">{pct(d.null)}</td><td class="num">{fmt(a.suppression.mean)}</td>
            <td class="num">{fmt(a.self_surprise.mean)}</td></tr>;
        })}</tbody>
      </table>
      <p class="muted t3-checks">max |Q − Σ signature·primitive²| {fmt(s.q_max_deviation)}
        {s.skipped_lines > 0 && <span class="bad"> · {s.skipped_lines} broken lines skipped: {s.problems.slice(0, 3).map((p) => p.place + ': ' + p.reason).join('; ')}</span>}
      </p>
    </>
  );
}

function Geometry({ geometry, threshold, qKind }) {
  const g = geometry.geom, check = geometry.check;
  const heads = g.head_positions.map((_, h) => 'h' + h);
  const scale = check.cosurvival_scale;
  const positions = useMemo(() => g.head_positions, [geometry]);
  const threeD = g.head_positions.every((p) => p.length === 3);
  return (
    <div class="row t3-geometry" data-stage={g.stage_idx}>
      {threeD ? <TorusView positions={positions} kernel={g.blockade_kernel} threshold={threshold} qKind={qKind} />
        : <p class="muted">head positions are not 3-vectors; no torus view</p>}
      <div class="t3-matrices">
        <Matrix name="distances" title="geodesic distances (stored)" values={g.distances} rows={heads} cols={heads}
          note={`max |stored − recomputed| = ${fmt(check.max_distance_deviation)}`} />
        <Matrix name="kernel" title={`blockade kernel, r₀ ${fmt(g.blockade_radius)}, exp ${g.blockade_exponent}`} values={g.blockade_kernel}
          lo={0} hi={1} rows={heads} cols={heads} note={`max |stored − recomputed| = ${fmt(check.max_kernel_deviation)}`} />
        <Matrix name="cosurvival" title={`cosurvival, tanh(v / ${fmt(scale, 1)})`} values={geometry.cosurvival_scaled} scale="diverging"
          abs={1} rows={heads} cols={heads} note="blue: interfere · red: cooperate" />
        <Matrix name="modulation" title="cosurvival modulation of the blockade" values={g.cosurvival_modulation} lo={0.3} hi={1.7}
          rows={heads} cols={heads} note="< 1 reduces, > 1 amplifies mutual blockade" />
        {/* The deviation maps only carry information when the stored matrices disagree with the positions. */}
        {check.max_distance_deviation > DEVIATION_SHOWN && <Matrix name="distance-deviation" title="|distances − recomputed|"
          values={geometry.distance_deviation} lo={0} rows={heads} cols={heads} />}
        {check.max_kernel_deviation > DEVIATION_SHOWN && <Matrix name="kernel-deviation" title="|kernel − recomputed|"
          values={geometry.kernel_deviation} lo={0} rows={heads} cols={heads} />}
      </div>
    </div>
  );
}

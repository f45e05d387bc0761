import { Matrix } from './Matrix.jsx';
import { Q_COLORS, STAGE_COLORS, fmt } from './scales.js';

const ABSENT = 'not in this checkpoint';

function Bar({ value, max, color = '#21918c' }) {
  const w = max > 0 ? Math.min(100, (Math.max(0, value) / max) * 100) : 0;
  return <span class="t3-bar"><span style={{ width: w.toFixed(1) + '%', background: color }} /></span>;
}

/** One frame: per-head σ / Q / suppression / self-surprise, primitives, per-layer maps, top tokens, rotation. */
export function FrameDetail({ data, meta }) {
  const f = data.frame, k = data.key, names = meta.primitive_names, sig = meta.primitive_signature;
  const maxOf = (v) => Math.max(1e-12, ...v);
  const heads = f.sigma.map((_, h) => h);
  const layers = f.per_layer_attn_entropy.map((_, l) => 'L' + l);
  const headNames = heads.map((h) => 'h' + h);
  return (
    <div class="t3-frame">
      <h3 data-t3-key={`${k.chain_forward}/${k.stage_idx}/${k.act_call}`} data-ordinal={data.ordinal}>
        <span class="t3-stage-dot" style={{ background: STAGE_COLORS[k.stage_idx % STAGE_COLORS.length] }} />
        forward {k.chain_forward} · stage {k.stage_idx} · act_call {k.act_call}
        <span class="muted"> — frame {data.ordinal + 1} of {data.frame_count} (frame_idx {f.frame_idx}) · output entropy EMA {fmt(f.output_entropy_ema, 4)}</span>
      </h3>
      <div class="row">
        <table class="t3-heads">
          <thead><tr><th>head</th><th>σ</th><th>Q</th><th>class</th><th>suppression</th><th>self-surprise</th></tr></thead>
          <tbody>
            {heads.map((h) => (
              <tr class={`q-head ${data.q_kind[h]}`} data-head={h} data-q={f.Q[h]}>
                <td class="num">{h}</td>
                <td><Bar value={f.sigma[h]} max={1} /> <span class="num">{fmt(f.sigma[h])}</span></td>
                <td class="num q-value" style={{ color: Q_COLORS[data.q_kind[h]] }}>{f.Q[h].toFixed(4)}</td>
                <td><span class="q-chip" style={{ background: Q_COLORS[data.q_kind[h]] }}>{data.q_kind[h]}</span></td>
                <td><Bar value={f.suppression[h]} max={maxOf(f.suppression)} color="#8e44ad" /> <span class="num">{fmt(f.suppression[h])}</span></td>
                <td><Bar value={f.self_surprise[h]} max={maxOf(f.self_surprise)} color="#e8743b" /> <span class="num">{fmt(f.self_surprise[h])}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
        <Matrix name="primitives" title="primitives (heads × primitives, EMA in [0, 1])" values={f.primitives} lo={0} hi={1}
          rows={headNames} cols={names.map((n, i) => n + (sig[i] > 0 ? '⁺' : '⁻'))} cell={20} />
        <Matrix name="attn-entropy" title="attention entropy per layer" values={f.per_layer_attn_entropy} rows={layers} cols={headNames} cell={20} />
        <Matrix name="layer-suppression" title="suppression per layer" values={f.per_layer_suppression} rows={layers} cols={headNames} cell={20} />
      </div>
      <div class="row">
        <div class="t3-top" data-top-tokens={f.stage_top_tokens ? f.stage_top_tokens.length : 0}>
          <h4>stage_top_tokens</h4>
          {f.stage_top_tokens ? (
            <ol>{f.stage_top_tokens.map(([t, p]) => (
              <li><code>{JSON.stringify(t)}</code> <Bar value={p} max={1} /> <span class="num">{fmt(p, 3)}</span></li>
            ))}</ol>
          ) : <p class="muted">none: only a stage with an output_proj (usually the last) decodes tokens</p>}
        </div>
        <Rotation data={data} names={names} />
      </div>
    </div>
  );
}

function Rotation({ data, names }) {
  const r = data.rotation;
  if (!r) {
    return (
      <div class="t3-rotation" data-absent="true">
        <h4>coupling rotation Ω, R = expm(Ω)</h4>
        <p class="absent-flag" data-absent-field="omega_flat">{ABSENT} (has_coupling: false)</p>
        {data.absent.trivectors && <p class="absent-flag" data-absent-field="trivectors">trivectors: {ABSENT}</p>}
      </div>
    );
  }
  const rot = r.rotation;
  return (
    <div class="t3-rotation">
      <h4>coupling rotation <span class={r.ok ? 'ok' : 'bad'}>{r.ok ? '✓ R ∈ SO(N)' : '✗ not a rotation'}</span></h4>
      <div class="row">
        <Matrix name="omega" title={`Ω = tanh(ω)·${r.coupling_max}`} values={rot.omega} rows={names} cols={names} scale="diverging" cell={18} />
        <Matrix name="rotation" title="R = expm(Ω)" values={rot.r} rows={names} cols={names} scale="diverging" abs={1} cell={18} />
      </div>
      <p class="muted">max |RᵀR − I| = {rot.orthogonality_error.toExponential(2)} · det R = {rot.determinant.toFixed(12)}</p>
      {r.note && <p class="muted">{r.note}</p>}
      {data.absent.trivectors && <p class="absent-flag" data-absent-field="trivectors">trivectors: {ABSENT}</p>}
    </div>
  );
}

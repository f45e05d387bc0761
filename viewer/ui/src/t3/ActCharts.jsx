import { useEffect, useMemo, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { fmt } from './scales.js';

const GRID = { stroke: 'rgba(128,128,128,.25)', width: 1 };
const axis = (extra = {}) => ({ stroke: 'currentColor', grid: GRID, ticks: GRID, ...extra });
const INTEGER_TICKS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
/** Integer x axis over [0, n − 1] with half a step of room on each side (a single token still gets a readable axis). */
const integerX = (n) => ({ time: false, auto: false, range: [-0.5, Math.max(1, n) - 0.5] });

const depthOpts = (tokens) => ({
  width: 520, height: 170, legend: { live: false }, scales: { x: integerX(tokens), y: { range: (u, lo, hi) => [0, Math.max(1, hi) + 0.5] } },
  series: [{ label: 'token' },
    { label: 'ponder steps', stroke: '#21918c', width: 2, paths: uPlot.paths.stepped({ align: 1 }), points: { show: true } },
    { label: 'halt step', stroke: '#e4007c', width: 0, points: { show: true, size: 7, fill: '#e4007c' } }],
  axes: [axis({ label: 'token', incrs: INTEGER_TICKS }), axis({ incrs: INTEGER_TICKS })],
});

const perStepOpts = (steps) => ({
  width: 520, height: 170, legend: { live: false }, scales: { x: integerX(steps), p: { range: [0, 1.05] }, s: { auto: true } },
  series: [{ label: 'ponder step' },
    { label: 'halt p', stroke: '#e4007c', width: 2, scale: 'p', points: { show: true } },
    { label: 'strain', stroke: '#3b8ee8', width: 2, scale: 's', points: { show: true } }],
  axes: [axis({ label: 'ponder step', incrs: INTEGER_TICKS }), axis({ scale: 'p' }), axis({ scale: 's', side: 1, grid: { show: false } })],
});

function Plot({ opts, data, name }) {
  const el = useRef(null);
  useEffect(() => {
    const plot = new uPlot(opts, data, el.current);
    return () => plot.destroy();
  }, [opts, data]);
  return <div ref={el} class="t3-plot" data-plot={name} />;
}

/**
 * ACT per generated token: ponder depth and halt step across tokens, then halt probability and σ strain per ponder
 * step for the token of the shown frame.
 */
export function ActCharts({ chain, token, caps }) {
  const states = chain.chain_states;
  const depthData = useMemo(() => [states.map((c) => c.token_idx), states.map((c) => c.act_ponder_steps),
    chain.halt_steps.map((h) => (h == null ? null : h))], [chain]);
  const c = states[token] || states[0];
  const stepData = useMemo(() => [c.act_halt_probs.map((_, i) => i), c.act_halt_probs, c.act_strain_values], [c]);
  const depth = useMemo(() => depthOpts(states.length), [states.length]);
  const perStep = useMemo(() => perStepOpts(c.act_halt_probs.length), [c.act_halt_probs.length]);
  const absent = chain.absent || {};
  const maybe = (field, v) => (absent[field] ? <span class="absent-flag" data-absent-field={field}>not in this checkpoint</span> : fmt(v, 4));
  return (
    <div class="t3-act" data-token={c.token_idx}>
      <Plot name="ponder-depth" opts={depth} data={depthData} />
      <div>
        <Plot name="halt-strain" opts={perStep} data={stepData} />
        <table class="t3-facts">
          <tr><td>token</td><td class="num">{c.token_idx}</td><td>ponder cost</td><td class="num">{fmt(c.act_ponder_cost, 4)}</td></tr>
          <tr><td>difficulty pred</td><td class="num">{c.difficulty_pred.map((v) => fmt(v, 3)).join(', ')}</td>
            <td>halt step</td><td class="num">{chain.halt_steps[token] ?? 'never (p < 0.99)'}</td></tr>
          <tr><td>Ω displacement EMA</td><td class="num">{maybe('omega_displacement_ema', c.omega_displacement_ema)}</td>
            <td>Ω variance EMA</td><td class="num">{maybe('omega_variance_ema', c.omega_variance_ema)}</td></tr>
          {caps.has_scratchpad !== false && c.scratchpad_pred && (
            <tr><td>scratchpad pred</td><td colSpan={3} class="num">{c.scratchpad_pred.map((v) => fmt(v, 2)).join(' ')}</td></tr>
          )}
        </table>
      </div>
    </div>
  );
}

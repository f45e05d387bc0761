import { memo } from 'preact/compat';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { domain, fmt, higherIsConfident, normalise, raw, visible } from './metrics.js';
import { gradientCss, hex, textOn, viridis } from './color.js';

const LEAST_CONFIDENT = 8;

/** The token heatmap: coloured tokens, legend, summary, hover tooltip, pin by click, keyboard navigation. */
export function TokenHeatmap({ tokens, metric, pinned, onPin, compact }) {
  const [hover, setHover] = useState(null);
  const box = useRef(null);
  const raws = useMemo(() => tokens.map((t) => raw(metric, t)), [tokens, metric]);
  const dom = useMemo(() => domain(metric, raws), [metric, raws]);

  const at = (el) => {
    const span = el?.closest?.('.tok');
    return span ? { token: tokens[+span.dataset.i], rect: span.getBoundingClientRect() } : null;
  };

  useEffect(() => {
    const onKey = (e) => {
      if (e.target.closest?.('input, select, textarea')) return;
      const step = { ArrowRight: 1, j: 1, ArrowLeft: -1, k: -1 }[e.key];
      if (!step) return;
      e.preventDefault();
      const i = pinned ? tokens.indexOf(pinned) : -1;
      const next = tokens[Math.min(tokens.length - 1, Math.max(0, i + step))];
      onPin(next);
      box.current?.querySelector(`[data-i="${tokens.indexOf(next)}"]`)?.scrollIntoView({ block: 'nearest' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tokens, pinned, onPin]);

  const least = useMemo(() => tokens.filter((t) => t.kind === 's')
    .sort((a, b) => a.logprob - b.logprob).slice(0, LEAST_CONFIDENT), [tokens]);
  const pinnedIndex = pinned ? tokens.indexOf(pinned) : -1;

  return (
    <section class={'heatmap-panel' + (compact ? ' compact' : '')}>
      <Summary tokens={tokens} least={least} onPin={(t) => {
        onPin(t);
        box.current?.querySelector(`[data-i="${tokens.indexOf(t)}"]`)?.scrollIntoView({ block: 'center' });
      }} />
      <Legend metric={metric} dom={dom} />
      {pinnedIndex >= 0 && <style>{`.tokens [data-i="${pinnedIndex}"]{outline:3px solid var(--pin);outline-offset:1px;z-index:1;position:relative}`}</style>}
      <div class="tokens" ref={box} tabIndex={0} aria-label="tokens"
        onMouseOver={(e) => setHover(at(e.target))} onMouseLeave={() => setHover(null)}
        onClick={(e) => { const h = at(e.target); if (h) onPin(h.token === pinned ? null : h.token); }}>
        <TokenSpans tokens={tokens} metric={metric} raws={raws} dom={dom} />
      </div>
      {hover && <Tooltip token={hover.token} rect={hover.rect} />}
    </section>
  );
}

// Memoised on (tokens, metric): hovering and pinning never re-render or re-diff thousands of spans.
const TokenSpans = memo(function TokenSpans({ tokens, metric, raws, dom }) {
  return tokens.map((t, i) => {
    const fill = viridis(normalise(metric, raws[i], dom));
    const attrs = t.kind === 's' ? { 'data-step': t.index } : { 'data-prompt-position': t.index };
    return (
      <span class={'tok' + (t.kind === 'p' ? ' prompt' : '')} {...attrs} data-i={i}
        style={{ background: hex(fill), color: textOn(fill) }}>{visible(t.text)}</span>
    );
  });
});

function Summary({ tokens, least, onPin }) {
  const steps = tokens.filter((t) => t.kind === 's');
  const meanLp = steps.reduce((a, t) => a + t.logprob, 0) / Math.max(1, steps.length);
  const meanH = steps.reduce((a, t) => a + t.entropy, 0) / Math.max(1, steps.length);
  return (
    <div class="summary">
      <span class="figure" data-figure="perplexity"><small>perplexity</small>{fmt(Math.exp(-meanLp), 4)}</span>
      <span class="figure" data-figure="mean-entropy"><small>mean entropy</small>{fmt(meanH, 4)} nats</span>
      <span class="figure"><small>tokens</small>{tokens.length - steps.length} + {steps.length}</span>
      <span class="least"><small>least confident</small>
        {least.map((t) => <button class="chip" data-jump={t.index} onClick={() => onPin(t)}
          title={`step ${t.step}: p=${fmt(Math.exp(t.logprob))}`}>{visible(t.text)}</button>)}
      </span>
    </div>
  );
}

function Legend({ metric, dom }) {
  const up = higherIsConfident(metric);
  return (
    <div class="legend" aria-label="legend">
      <span>{fmt(dom[0])}</span>
      <span class="ramp" style={{ background: gradientCss(!up) }} />
      <span>{fmt(dom[1])}</span>
      <span class="muted">{metric} — yellow = confident, purple = unsure</span>
    </div>
  );
}

function Tooltip({ token, rect }) {
  const alts = token.top_k || [];
  const left = Math.min(rect.left + window.scrollX, window.innerWidth - 340 + window.scrollX);
  return (
    <div class="tooltip" role="tooltip" style={{ left, top: rect.bottom + window.scrollY + 6 }}>
      <div class="tt-head">
        <code class="tt-text">{visible(token.text)}</code>
        <span class="muted">{token.kind === 's' ? `step ${token.index}` : `prompt ${token.index}`} · id <span class="tt-id">{token.token_id}</span></span>
      </div>
      <table class="tt-metrics"><tbody>
        <tr><td>probability</td><td data-metric="probability">{fmt(token.logprob == null ? NaN : Math.exp(token.logprob), 4)}</td>
          <td>logprob</td><td data-metric="logprob">{fmt(token.logprob, 4)}</td></tr>
        <tr><td>entropy</td><td data-metric="entropy">{fmt(token.entropy, 4)}</td>
          <td>rank</td><td data-metric="rank">{token.rank ?? '–'}</td></tr>
      </tbody></table>
      {alts.length > 0 && <div class="alts">
        {alts.map((a) => {
          const p = Math.exp(a.logprob);
          return (
            <div class={'alt' + (a.token_id === token.token_id ? ' chosen' : '')} data-alt-id={a.token_id}>
              <code>{visible(a.text)}</code>
              <span class="bar"><span style={{ width: `${(p * 100).toFixed(1)}%` }} /></span>
              <span class="num">{(p * 100).toFixed(1)}%</span>
            </div>
          );
        })}
      </div>}
    </div>
  );
}

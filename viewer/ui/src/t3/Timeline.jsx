import { useEffect, useRef } from 'preact/hooks';
import { Q_COLORS, STAGE_COLORS, fmt } from './scales.js';
import { cssVar, useTheme } from './useTheme.js';

const HEIGHT = 74, BAND = 8;

/**
 * The frame scrubber: one column per frame (stage band on top, mean Q as a signed bar, chain-forward boundaries),
 * a range input, and keys ←/→ (or h/l) one frame, PageUp/PageDown one chain forward, Home/End.
 */
export function Timeline({ timeline, ordinal, onSeek }) {
  const canvas = useRef(null);
  const theme = useTheme();
  const n = timeline.mean_q.length;

  useEffect(() => {
    const c = canvas.current, width = c.parentElement.clientWidth || 900, dpr = window.devicePixelRatio || 1;
    c.width = width * dpr; c.height = HEIGHT * dpr; c.style.width = width + 'px'; c.style.height = HEIGHT + 'px';
    const ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    const w = width / n, mid = BAND + (HEIGHT - BAND) / 2, maxQ = Math.max(1e-9, ...timeline.mean_q.map(Math.abs));
    ctx.strokeStyle = cssVar('--border'); ctx.beginPath(); ctx.moveTo(0, mid); ctx.lineTo(width, mid); ctx.stroke();
    for (let i = 0; i < n; i++) {
      ctx.fillStyle = STAGE_COLORS[timeline.stage_idx[i] % STAGE_COLORS.length];
      ctx.fillRect(i * w, 0, Math.max(1, w - (w > 3 ? 1 : 0)), BAND);
      const q = timeline.mean_q[i], h = (q / maxQ) * (HEIGHT - BAND - 6) / 2;
      ctx.fillStyle = q > 0.05 ? Q_COLORS.spacelike : q < -0.05 ? Q_COLORS.timelike : Q_COLORS.null;
      ctx.fillRect(i * w, Math.min(mid, mid - h), Math.max(1, w - (w > 3 ? 1 : 0)), Math.max(1, Math.abs(h)));
      if (i > 0 && timeline.chain_forward[i] !== timeline.chain_forward[i - 1]) {
        ctx.fillStyle = cssVar('--muted'); ctx.fillRect(i * w - 0.5, BAND, 1, HEIGHT - BAND);
      }
    }
    ctx.strokeStyle = cssVar('--pin'); ctx.lineWidth = 2;
    ctx.strokeRect(ordinal * w, 1, Math.max(2, w), HEIGHT - 2);
  }, [timeline, ordinal, theme]);

  useEffect(() => {
    const jumpForward = (dir) => {
      const f = timeline.chain_forward[ordinal] + dir;
      const i = timeline.chain_forward.findIndex((x) => x === f);
      return i < 0 ? ordinal : i;
    };
    const onKey = (e) => {
      if (['INPUT', 'SELECT', 'TEXTAREA'].includes(e.target.tagName)) return;
      const next = { ArrowRight: ordinal + 1, l: ordinal + 1, ArrowLeft: ordinal - 1, h: ordinal - 1, Home: 0, End: n - 1,
        PageDown: jumpForward(1), PageUp: jumpForward(-1) }[e.key];
      if (next === undefined) return;
      e.preventDefault();
      onSeek(Math.max(0, Math.min(n - 1, next)));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [timeline, ordinal, onSeek]);

  const click = (e) => onSeek(Math.max(0, Math.min(n - 1, Math.floor(e.offsetX / (e.currentTarget.clientWidth / n)))));
  return (
    <div class="t3-timeline">
      <canvas ref={canvas} class="timeline" onClick={click} aria-label="frame timeline" />
      <input type="range" class="t3-scrub" aria-label="frame" min={0} max={n - 1} value={ordinal}
        onInput={(e) => onSeek(+e.currentTarget.value)} />
      <div class="t3-legend muted">
        {STAGE_COLORS.slice(0, 1 + Math.max(...timeline.stage_idx)).map((c, s) => <span><i style={{ background: c }} />stage {s}</span>)}
        <span><i style={{ background: Q_COLORS.spacelike }} />mean Q &gt; 0.05</span>
        <span><i style={{ background: Q_COLORS.timelike }} />mean Q &lt; −0.05</span>
        <span>max |mean Q| {fmt(Math.max(...timeline.mean_q.map(Math.abs)))}</span>
        <span>← → frame · PgUp/PgDn forward · Home/End</span>
      </div>
    </div>
  );
}

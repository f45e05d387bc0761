import { useEffect, useRef, useState } from 'preact/hooks';
import { blockadeEdges, CUBE_EDGES, projector, wrapSegments } from './torus.js';
import { Q_COLORS } from './scales.js';
import { cssVar, useTheme } from './useTheme.js';

const SIZE = 380;
const START = { yaw: -0.6, pitch: 0.45 };
/** The three cube edges from the origin, drawn as coloured axes. */
const AXES = [['x', '#d62728', [1, 0, 0]], ['y', '#2ca02c', [0, 1, 0]], ['z', '#9467bd', [0, 0, 1]]];

/**
 * Head positions of one stage on the 3-torus, drawn in the unit cube (opposite faces identified). Blockade edges join
 * heads whose kernel weight reaches the threshold along the shortest wraparound path, split where they cross a face.
 * Drag to rotate. Heads are coloured by the Q class of the shown frame when it belongs to this stage.
 */
export function TorusView({ positions, kernel, threshold, qKind }) {
  const canvas = useRef(null);
  const [view, setView] = useState(START);
  const drag = useRef(null);
  const theme = useTheme();
  const edges = blockadeEdges(kernel, threshold);
  const segments = edges.reduce((n, [i, j]) => n + wrapSegments(positions[i], positions[j]).length, 0);

  useEffect(() => {
    const c = canvas.current, dpr = window.devicePixelRatio || 1;
    c.width = SIZE * dpr; c.height = SIZE * dpr;
    c.style.width = SIZE + 'px'; c.style.height = SIZE + 'px';
    const ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, SIZE, SIZE);
    const P = projector(view.yaw, view.pitch, SIZE);
    const fg = cssVar('--fg'), muted = cssVar('--muted'), pin = cssVar('--pin');
    const line = (a, b) => { const p = P(a), q = P(b); ctx.beginPath(); ctx.moveTo(p.x, p.y); ctx.lineTo(q.x, q.y); ctx.stroke(); };

    ctx.strokeStyle = muted; ctx.globalAlpha = 0.55; ctx.lineWidth = 1; ctx.setLineDash([4, 4]);
    CUBE_EDGES.forEach(([a, b]) => line(a, b));
    ctx.setLineDash([]); ctx.globalAlpha = 1;
    ctx.font = '12px system-ui, sans-serif'; ctx.lineWidth = 2;
    AXES.forEach(([label, colour, end]) => {
      ctx.strokeStyle = colour; ctx.fillStyle = colour;
      line([0, 0, 0], end);
      const q = P(end.map((v) => v * 1.1)); ctx.fillText(label, q.x - 3, q.y + 4);
    });

    for (const [i, j, k] of edges) {
      ctx.strokeStyle = fg; ctx.globalAlpha = 0.35 + 0.6 * k; ctx.lineWidth = 1.5 + 2.5 * k;
      for (const [a, b] of wrapSegments(positions[i], positions[j])) line(a, b);
    }
    ctx.globalAlpha = 1;

    const heads = positions.map((p, h) => ({ h, ...P(p) })).sort((a, b) => b.depth - a.depth);
    for (const { h, x, y, depth } of heads) {
      const r = 7 * (1 / (1 + 0.35 * depth));
      ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fillStyle = qKind ? Q_COLORS[qKind[h]] : pin;
      ctx.fill();
      ctx.lineWidth = 1.5; ctx.strokeStyle = fg; ctx.stroke();
      ctx.fillStyle = fg; ctx.font = '11px system-ui, sans-serif';
      ctx.fillText(String(h), x + r + 2, y - r);
    }
  }, [positions, kernel, threshold, qKind, view, theme]);

  const down = (e) => { drag.current = { x: e.clientX, y: e.clientY, ...view }; e.currentTarget.setPointerCapture(e.pointerId); };
  const move = (e) => {
    const d = drag.current;
    if (!d) return;
    setView({ yaw: d.yaw + (e.clientX - d.x) * 0.01, pitch: Math.max(-1.5, Math.min(1.5, d.pitch + (e.clientY - d.y) * 0.01)) });
  };
  return (
    <div class="t3-torus">
      <canvas ref={canvas} class="torus" data-heads={positions.length} data-edges={edges.length} data-segments={segments}
        onPointerDown={down} onPointerMove={move} onPointerUp={() => { drag.current = null; }} aria-label="head positions on the 3-torus" />
      <div class="muted t3-caption">
        {positions.length} heads · {edges.length} blockade edge{edges.length === 1 ? '' : 's'} at kernel ≥ {threshold}
        {' '}({segments} segment{segments === 1 ? '' : 's'} after wrapping at the faces) · drag to rotate
        {' '}<button class="link" onClick={() => setView(START)}>reset</button>
      </div>
    </div>
  );
}

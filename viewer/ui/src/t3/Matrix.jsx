import { useEffect, useRef, useState } from 'preact/hooks';
import { paintGrid } from '../canvas.js';
import { gradientCss } from '../color.js';
import { diverging, divergingCss, fmt } from './scales.js';

/**
 * A labelled heatmap of a small matrix (heads × heads, heads × primitives, layers × heads) with a hover readout.
 * scale 'viridis' maps [lo, hi]; 'diverging' maps [-abs, abs] (abs defaults to max |v|). values null = absent.
 */
export function Matrix({ name, title, values, rows, cols, scale = 'viridis', lo, hi, abs, cell = 18, note, absent }) {
  const canvas = useRef(null);
  const [hover, setHover] = useState(null);
  const flat = values ? values.flat().filter((v) => v != null && Number.isFinite(v)) : [];
  const low = lo ?? Math.min(...flat), high = hi ?? Math.max(...flat);
  const span = abs ?? Math.max(1e-12, ...flat.map(Math.abs));
  useEffect(() => {
    if (!values || !canvas.current) return;
    if (scale === 'viridis') paintGrid(canvas.current, values, { lo: low, hi: high, cellW: cell, cellH: cell });
    else paintDiverging(canvas.current, values, span, cell);
  }, [values, scale, low, high, span, cell]);
  if (!values) {
    return (
      <figure class="t3-matrix absent" data-matrix={name} data-absent="true">
        <figcaption>{title}</figcaption>
        <p class="muted">{absent || 'not in this trace'}</p>
      </figure>
    );
  }
  const move = (e) => {
    const r = Math.floor(e.offsetY / cell), c = Math.floor(e.offsetX / cell);
    setHover(values[r]?.[c] !== undefined ? { r, c, v: values[r][c] } : null);
  };
  const rowNames = rows || values.map((_, i) => String(i));
  const colNames = cols || (values[0] || []).map((_, i) => String(i));
  return (
    <figure class="t3-matrix" data-matrix={name}>
      <figcaption>{title}</figcaption>
      <div class="t3-grid">
        <span />
        <div class="t3-cols">{colNames.map((c) => <span style={{ width: cell + 'px' }}>{c}</span>)}</div>
        <div class="t3-rows">{rowNames.map((r) => <span style={{ height: cell + 'px', lineHeight: cell + 'px' }}>{r}</span>)}</div>
        <canvas ref={canvas} onMouseMove={move} onMouseLeave={() => setHover(null)} />
      </div>
      <div class="t3-scale">
        <span>{fmt(scale === 'viridis' ? low : -span, 2)}</span>
        <span class="t3-ramp" style={{ background: scale === 'viridis' ? gradientCss() : divergingCss() }} />
        <span>{fmt(scale === 'viridis' ? high : span, 2)}</span>
      </div>
      <div class="t3-readout">{hover ? `${rowNames[hover.r]} · ${colNames[hover.c]} = ${fmt(hover.v, 4)}` : note || '\u00a0'}</div>
    </figure>
  );
}

function paintDiverging(canvas, values, span, cell) {
  const rows = values.length, cols = rows ? values[0].length : 0;
  canvas.width = Math.max(1, cols * cell);
  canvas.height = Math.max(1, rows * cell);
  const ctx = canvas.getContext('2d');
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = values[r][c];
      ctx.fillStyle = '#' + diverging(v == null ? NaN : v / span).toString(16).padStart(6, '0');
      ctx.fillRect(c * cell, r * cell, cell, cell);
    }
  }
}

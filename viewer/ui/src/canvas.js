import { viridis } from './color.js';

/** Paints a rows × cols grid of values in [lo, hi] (null = grey) with viridis; returns nothing. */
export function paintGrid(canvas, values, { lo, hi, cellW, cellH, gapEvery = 0, gap = 0, invert = false }) {
  const rows = values.length, cols = rows ? values[0].length : 0;
  const gaps = gapEvery ? Math.floor((cols - 1) / gapEvery) : 0;
  canvas.width = Math.max(1, Math.ceil(cols * cellW + gaps * gap));
  canvas.height = Math.max(1, rows * cellH);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(canvas.width, canvas.height);
  const span = hi - lo || 1;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = values[r][c];
      const t = v == null ? NaN : (v - lo) / span;
      const rgb = viridis(invert ? 1 - t : t);
      const x0 = Math.floor(c * cellW + (gapEvery ? Math.floor(c / gapEvery) * gap : 0));
      const x1 = Math.floor((c + 1) * cellW + (gapEvery ? Math.floor(c / gapEvery) * gap : 0));
      for (let y = r * cellH; y < (r + 1) * cellH; y++) {
        for (let x = x0; x < Math.max(x1, x0 + 1); x++) {
          const o = (y * canvas.width + x) * 4;
          img.data[o] = rgb >> 16; img.data[o + 1] = (rgb >> 8) & 0xff; img.data[o + 2] = rgb & 0xff; img.data[o + 3] = 255;
        }
      }
    }
  }
  ctx.putImageData(img, 0, 0);
}

/** Column index under a click, undoing the group gaps. */
export function columnAt(x, { cellW, gapEvery = 0, gap = 0 }) {
  if (!gapEvery) return Math.floor(x / cellW);
  const group = gapEvery * cellW + gap;
  const g = Math.floor(x / group);
  return g * gapEvery + Math.min(gapEvery - 1, Math.floor((x - g * group) / cellW));
}
